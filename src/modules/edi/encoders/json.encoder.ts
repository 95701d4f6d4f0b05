import { EDI_MESSAGE_TYPES } from '../edi.definitions.js';
import type { EdiDocument, EdiEncoder } from './edi-encoder.js';

/** Drops absent elements (null, undefined, empty text) so documents validate against the closed JSON Schemas. */
/** What both encoders leave out: no value, or text with nothing in it. */
export const isAbsent = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

export function pruneAbsent(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pruneAbsent);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    // A loop, not entries/flatMap/fromEntries: an ITMATT of 50,000 items prunes millions of fields.
    const kept: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const v = (value as Record<string, unknown>)[key];
      if (!isAbsent(v)) kept[key] = pruneAbsent(v);
    }
    return kept;
  }
  return value;
}

/** Silkgate JSON: the message's data elements, validated by schemas/edi/<type>.schema.json. */
export const jsonEncoder: EdiEncoder = {
  format: 'json',
  mediaType: 'application/json',
  fileExtension: 'json',
  supports: (type) => EDI_MESSAGE_TYPES.includes(type),
  encode: (document: EdiDocument) => JSON.stringify(pruneAbsent(document)),
};
