/**
 * Who has the terminal: an interactive credential plugin (a login prompt) takes it from the live
 * progress lines, which would otherwise redraw over the prompt every 200 ms.
 */
let held = 0;
const listeners = new Set<() => void>();

/** Takes the terminal; the returned function gives it back. Listeners hear of it at once. */
export function holdTerminal(): () => void {
  held++;
  for (const f of listeners) f();
  let released = false;
  return () => {
    if (!released) held--;
    released = true;
  };
}

/** Whether someone else has the terminal now. */
export function terminalHeld(): boolean {
  return held > 0;
}

/** Called (before the holder writes anything) each time the terminal is taken. */
export function onTerminalHeld(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
