import { EDI_DEFINITIONS } from './edi.definitions.js';
import { toJsonSchema, toXsd } from './schema-generators.js';

/** File name → content of every published EDI schema (schemas/edi/). */
export function ediSchemaFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const def of Object.values(EDI_DEFINITIONS)) {
    const base = def.root.toLowerCase();
    files[`${base}.xsd`] = `${toXsd(def)}\n`;
    files[`${base}.schema.json`] = `${JSON.stringify(toJsonSchema(def), null, 2)}\n`;
  }
  return files;
}
