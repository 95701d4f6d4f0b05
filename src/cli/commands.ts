import type { CliCommand } from './command.js';

/** Every `silkgate` command, loaded only when called. Add a file in commands/ and one line here. */
export const COMMANDS: Record<string, () => Promise<CliCommand>> = {
  regimes: async () => (await import('./commands/regimes.js')).command,
  import: async () => (await import('./commands/import.js')).command,
  export: async () => (await import('./commands/export.js')).command,
};
