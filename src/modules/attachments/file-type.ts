/** The file types an attachment may have, told by their first bytes, never by name or declared type. */
export type AttachmentType = 'application/pdf' | 'image/png' | 'image/jpeg';

const SIGNATURES: readonly { type: AttachmentType; magic: readonly number[] }[] = [
  { type: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
];

export function detectAttachmentType(bytes: Uint8Array): AttachmentType | undefined {
  return SIGNATURES.find((s) => s.magic.every((b, i) => bytes[i] === b))?.type;
}
