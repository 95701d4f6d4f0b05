import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { EDI_DEFINITIONS } from '../edi.definitions.js';
import type { Field, FieldType } from '../schema-dsl.js';
import type { EdiDocument, EdiEncoder } from './edi-encoder.js';
import { isAbsent } from './json.encoder.js';

/**
 * Silkgate XML: one namespace per message, elements in the order the definition declares them
 * (so the document follows schemas/edi/<type>.xsd), lists as a wrapper with repeated children.
 */
export const xmlEncoder: EdiEncoder = {
  format: 'xml',
  mediaType: 'application/xml',
  fileExtension: 'xml',
  supports: (type) => type in EDI_DEFINITIONS,
  encode(document: EdiDocument): string {
    const def = EDI_DEFINITIONS[document.messageType];
    // Characters XML 1.0 cannot carry (C0 controls, U+FFFE) become U+FFFD rather than an ill-formed document.
    const root = create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '\uFFFD' }).ele(def.namespace, def.root);
    writeFields(root, def.fields, document as Record<string, unknown>);
    return root.end({ prettyPrint: true });
  },
};

function writeFields(parent: XMLBuilder, fields: readonly Field[], data: Record<string, unknown>): void {
  for (const f of fields) {
    const value = data[f.name];
    if (isAbsent(value)) {
      if (!f.optional) throw new Error(`EDI ${f.name} is required but absent`);
      continue;
    }
    const el = parent.ele(f.name);
    if (f.item) {
      for (const entry of value as unknown[]) writeValue(el.ele(f.item), f.type, entry);
    } else {
      writeValue(el, f.type, value);
    }
  }
}

function writeValue(el: XMLBuilder, type: FieldType, value: unknown): void {
  if (type.kind === 'group') return writeFields(el, type.fields, value as Record<string, unknown>);
  el.txt(value instanceof Date ? value.toISOString() : String(value));
}
