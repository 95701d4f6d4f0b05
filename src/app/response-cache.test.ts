import { describe, expect, it } from '@jest/globals';
import { ResponseCache } from './response-cache.js';

const answer = (tags: string[], body = 'body') => ({ body, etag: 'W/"4-x"', headers: [['content-type', 'application/json']] as [string, string][], tags, rootFields: tags.length, operation: 'Track' });

function listeningCache(entries = 10, maxAgeMs = 60_000, now = () => 0) {
  const cache = new ResponseCache({ entries, maxAgeMs }, now);
  cache.resume();
  return cache;
}

describe('ResponseCache', () => {
  it('keeps an answer and drops it when a parcel it shows changes', () => {
    const cache = listeningCache();
    expect(cache.store(cache.begin(false)!, 'k', answer(['a', 'b']))).toBe(true);
    expect(cache.lookup('k')?.body).toBe('body');
    cache.drop(['c']);
    expect(cache.lookup('k')).toBeDefined();
    cache.drop(['b']);
    expect(cache.lookup('k')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('refuses an answer read before a change to one of its parcels was heard', () => {
    const cache = listeningCache();
    const ticket = cache.begin(false)!;
    cache.drop(['a']);
    expect(cache.store(ticket, 'k', answer(['a']))).toBe(false);
    expect(cache.store(ticket, 'k', answer(['b']))).toBe(true);
    expect(cache.store(cache.begin(false)!, 'k2', answer(['a']))).toBe(true);
  });

  it('does not store a fill that took longer than 10 s, and with no fill that young still drops what it keeps', () => {
    let now = 0;
    const cache = listeningCache(10, 60_000, () => now);
    const slow = cache.begin(false)!;
    expect(cache.store(cache.begin(false)!, 'k', answer(['a']))).toBe(true);
    now = 10_001;
    cache.drop(['b']);
    expect(cache.store(slow, 'k2', answer(['b']))).toBe(false);
    cache.drop(['a']);
    expect(cache.lookup('k')).toBeUndefined();
    // A fill begun after those drops stores as usual, and one in flight across a drop of its parcel does not.
    expect(cache.store(cache.begin(false)!, 'k3', answer(['a']))).toBe(true);
    const inFlight = cache.begin(false)!;
    cache.drop(['c']);
    expect(cache.store(inFlight, 'k4', answer(['c']))).toBe(false);
  });

  it('stores and serves nothing until listening, and starts empty after a lost connection', () => {
    const cache = new ResponseCache({ entries: 10, maxAgeMs: 60_000 });
    expect(cache.begin(false)).toBeNull();
    cache.resume();
    const ticket = cache.begin(false)!;
    cache.store(ticket, 'k', answer(['a']));
    cache.suspend();
    expect(cache.lookup('k')).toBeUndefined();
    expect(cache.begin(false)).toBeNull();
    expect(cache.store(ticket, 'k', answer(['a']))).toBe(false);
    cache.resume();
    // A read begun before the connection was lost may have missed a change.
    expect(cache.store(ticket, 'k', answer(['a']))).toBe(false);
  });

  it('drops the least recently used answer past its size, and serves none older than its age', () => {
    let now = 0;
    const cache = listeningCache(2, 1_000, () => now);
    cache.store(cache.begin(false)!, 'a', answer(['1']));
    cache.store(cache.begin(false)!, 'b', answer(['2']));
    cache.lookup('a');
    cache.store(cache.begin(false)!, 'c', answer(['3']));
    expect([cache.lookup('a'), cache.lookup('b'), cache.lookup('c')].map(Boolean)).toEqual([true, false, true]);
    now = 1_001;
    expect(cache.lookup('a')).toBeUndefined();
  });

  it('with reads that may lag, keeps an answer from a replica only if it had replayed past every change heard', () => {
    const cache = listeningCache();
    expect(cache.begin(true)).toEqual({ sequence: expect.any(Number), mustHaveReplayed: null, issuedAt: 0 });
    cache.drop(['a']);
    // Until the primary's position after that change is known, nothing is stored.
    expect(cache.begin(true)).toBeNull();
    const heard = cache.dropped;
    cache.drop(['b']);
    cache.caughtUp(heard, '0/10');
    expect(cache.begin(true)).toBeNull();
    cache.caughtUp(cache.dropped, '0/20');
    const ticket = cache.begin(true)!;
    expect(ticket).toEqual({ sequence: cache.dropped, mustHaveReplayed: '0/20', issuedAt: 0 });
    expect(cache.store(ticket, 'k', answer(['c']), '0/1F')).toBe(false);
    expect(cache.store(ticket, 'k', answer(['c']), null)).toBe(false);
    expect(cache.store(ticket, 'k', answer(['c']), '0/20')).toBe(true);
    // Read from the primary: always recent enough.
    expect(cache.store(ticket, 'k2', answer(['d']), undefined)).toBe(true);
  });

  it('forgets recent changes past its bound by refusing every read begun before', () => {
    const cache = listeningCache();
    const ticket = cache.begin(false)!;
    cache.drop(Array.from({ length: 50_001 }, (_, i) => `id-${i}`));
    expect(cache.store(ticket, 'k', answer(['unrelated']))).toBe(false);
    expect(cache.store(cache.begin(false)!, 'k', answer(['id-1']))).toBe(true);
  });
});
