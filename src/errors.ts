/** Bad usage or bad input (exit 2). The message is one line that says what to change. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
