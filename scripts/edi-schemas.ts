/**
 * Writes the published EDI schemas (schemas/edi/<type>.xsd and <type>.schema.json) from the message
 * definitions in src/modules/edi/edi.definitions.ts. `--check` fails when a committed file is stale.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { ediSchemaFiles } from '../src/modules/edi/edi-schemas.js';
import { projectPath } from '../src/platform/paths.js';

const check = process.argv.includes('--check');
const dir = projectPath('schemas', 'edi');
mkdirSync(dir, { recursive: true });
let stale = 0;
for (const [name, content] of Object.entries(ediSchemaFiles())) {
  const file = `${dir}/${name}`;
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // not written yet
  }
  if (current === content) continue;
  stale += 1;
  if (check) console.error(`${file} is stale: run npm run edi:schemas`);
  else writeFileSync(file, content);
}
if (check && stale) process.exit(1);
console.log(check ? 'EDI schemas are current.' : `EDI schemas written to ${dir} (${stale} changed).`);
