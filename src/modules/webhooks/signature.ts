import { createHmac, randomBytes } from 'node:crypto';

/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com): HMAC-SHA256 over
 * `${msgId}.${timestamp}.${body}` with the secret's base64-decoded bytes, sent as
 * `webhook-signature: v1,<base64>`. Receivers verify with the standard's libraries
 * (npm `standardwebhooks`, Python `standardwebhooks`, …).
 */
export const SECRET_PREFIX = 'whsec_';

export function generateSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

export function secretKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
}

export function sign(secret: string | Buffer, msgId: string, timestampSeconds: number, body: string): string {
  const key = typeof secret === 'string' ? secretKey(secret) : secret;
  const mac = createHmac('sha256', key).update(`${msgId}.${timestampSeconds}.${body}`).digest('base64');
  return `v1,${mac}`;
}

export interface WebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

export function webhookHeaders(secret: string | Buffer, msgId: string, body: string, now = new Date()): WebhookHeaders {
  const timestamp = Math.floor(now.getTime() / 1000);
  return { 'webhook-id': msgId, 'webhook-timestamp': String(timestamp), 'webhook-signature': sign(secret, msgId, timestamp, body) };
}

/** The message id receivers deduplicate on: stable across retries and replays of one outbox message. */
export const messageId = (seq: number | string) => `msg_${seq}`;
