import type { EdiMessageType } from '../edi.definitions.js';

/** A message as the builders produce it: plain data, absent optional elements null or undefined. */
export interface EdiDocument {
  messageType: EdiMessageType;
  messageId: string;
  [element: string]: unknown;
}

/**
 * Turns a message's data into bytes on the wire. The built-in encoders write Silkgate's documented
 * XML and JSON; a partner's exact format (an EDIFACT profile, a post's own XML) is one more module
 * implementing this interface, registered in edi-encoders.ts.
 */
export interface EdiEncoder {
  /** The `format` parameter that selects it, e.g. `xml`. */
  readonly format: string;
  readonly mediaType: string;
  readonly fileExtension: string;
  /** The message types it can write. */
  supports(messageType: EdiMessageType): boolean;
  encode(document: EdiDocument): string;
}
