/** How a command hands its exit code back to the entry point (yargs ignores handler results). */
export type Finish = (exitCode: number) => void;
