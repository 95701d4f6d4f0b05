import { createHash, randomBytes } from 'node:crypto';

/** API keys are random, so a fast hash is enough: nothing to brute-force from the hash. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function generateApiKey(): string {
  return `sg_live_${randomBytes(24).toString('base64url')}`;
}

/** The part of a key that may be shown again, to tell keys apart. */
export function keyPrefix(key: string): string {
  return key.slice(0, 12);
}
