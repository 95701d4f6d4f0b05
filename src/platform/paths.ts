import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('Silkgate project root (package.json) not found');
    dir = parent;
  }
  return dir;
}

/** The checkout's root, whether running from src/ (tsx) or dist/ (npm run build). */
export const PROJECT_ROOT = findRoot();

export const projectPath = (...parts: string[]) => path.join(PROJECT_ROOT, ...parts);
