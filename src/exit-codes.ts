/** The exit codes every command shares (docs/reference.md "Exit codes"). */
export const EXIT = {
  /** doctor: nothing failed at the --fail-on level; setup/teardown: done, or nothing to do. */
  ok: 0,
  /** doctor: a finding at the --fail-on level; setup/teardown: a change failed or was refused. */
  findings: 1,
  /** Bad usage or input: unknown flag or context, malformed file. */
  usage: 2,
  /** Could not inspect: an API was unreachable or refused, so the verdict is incomplete. */
  incomplete: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
