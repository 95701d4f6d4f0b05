#!/usr/bin/env node
// The `silkgate` command: registers tsx so the TypeScript sources run as they are, then hands over
// to src/cli/main.ts (commands in src/cli/commands/, listed in src/cli/commands.ts).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
