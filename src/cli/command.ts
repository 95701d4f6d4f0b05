/** What every `silkgate <command>` module exports: run with the arguments after the command name. */
export interface CliCommand {
  /** One line for `silkgate help`. */
  summary: string;
  /** Full usage text for `silkgate <command> --help`. */
  usage: string;
  /** Resolves to the process exit code. */
  run(args: string[]): Promise<number>;
}

/** A mistake in how the command was called: printed with its usage, exit code 2. */
export class UsageError extends Error {}
