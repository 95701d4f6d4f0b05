import { describe, expect, it } from '@jest/globals';
import { Webhook } from 'standardwebhooks';
import { generateSecret, messageId, sign, webhookHeaders } from './signature.js';

describe('Standard Webhooks signatures', () => {
  it('produce headers the standardwebhooks package verifies', () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const body = JSON.stringify({ type: 'shipment.status_changed', data: { trackingNumber: 'EE473124829MY', note: 'ünïcode ✓' } });
    const headers = webhookHeaders(secret, messageId(42), body);
    expect(headers['webhook-id']).toBe('msg_42');
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('match the package byte for byte for a fixed secret, id and time', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const at = new Date('2026-11-11T00:00:00Z');
    const body = '{"a":1}';
    expect(sign(secret, 'msg_1', at.getTime() / 1000, body)).toBe(new Webhook(secret).sign('msg_1', at, body));
  });

  it('fail verification when the body, id or secret differ', () => {
    const secret = generateSecret();
    const headers = webhookHeaders(secret, 'msg_7', '{"x":1}');
    const wh = new Webhook(secret);
    expect(() => wh.verify('{"x":2}', { ...headers })).toThrow();
    expect(() => wh.verify('{"x":1}', { ...headers, 'webhook-id': 'msg_8' })).toThrow();
    expect(() => new Webhook(generateSecret()).verify('{"x":1}', { ...headers })).toThrow();
  });

  it('are refused by receivers when the timestamp is older than five minutes', () => {
    const secret = generateSecret();
    const headers = webhookHeaders(secret, 'msg_9', '{}', new Date(Date.now() - 10 * 60_000));
    expect(() => new Webhook(secret).verify('{}', { ...headers })).toThrow(/timestamp/i);
  });
});
