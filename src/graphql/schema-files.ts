import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectPath } from '../platform/paths.js';

const SCHEMA_DIR = projectPath('schema');

/** The SDL files in schema/, the public contract, in a stable order. */
export function loadTypeDefs(): string[] {
  return readdirSync(SCHEMA_DIR)
    .filter((f) => f.endsWith('.graphql'))
    .sort((a, b) => (a === 'common.graphql' ? -1 : b === 'common.graphql' ? 1 : a.localeCompare(b)))
    .map((f) => readFileSync(path.join(SCHEMA_DIR, f), 'utf8'));
}
