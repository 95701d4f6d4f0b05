import { badInput } from '../../../platform/errors.js';
import type { EdiMessageType } from '../edi.definitions.js';
import type { EdiEncoder } from './edi-encoder.js';
import { jsonEncoder } from './json.encoder.js';
import { xmlEncoder } from './xml.encoder.js';

/** The encoders a download may ask for by `format`. Add a partner's wire format here. */
const ENCODERS: readonly EdiEncoder[] = [xmlEncoder, jsonEncoder];

export const EDI_FORMATS = ENCODERS.map((e) => e.format);

export function encoderFor(format: string, messageType: EdiMessageType): EdiEncoder {
  const encoder = ENCODERS.find((e) => e.format === format);
  if (!encoder || !encoder.supports(messageType)) {
    throw badInput(`No ${messageType} encoder for format "${format}"; use one of ${ENCODERS.filter((e) => e.supports(messageType)).map((e) => e.format).join(', ')}.`, { field: 'format' });
  }
  return encoder;
}
