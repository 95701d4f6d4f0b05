import { describe, expect, it } from '@jest/globals';
import { Places } from './large-request-gate.js';

describe('places for large requests', () => {
  it('starts at most the limit at once, the rest in the order they came', () => {
    const places = new Places(2);
    const started: string[] = [];
    const leave = Object.fromEntries(['a', 'b', 'c', 'd'].map((name) => [name, places.take(() => started.push(name))]));
    expect(started).toEqual(['a', 'b']);
    expect([places.running, places.waiting]).toEqual([2, 2]);
    leave.b();
    expect(started).toEqual(['a', 'b', 'c']);
    leave.a();
    leave.c();
    expect(started).toEqual(['a', 'b', 'c', 'd']);
    leave.d();
    expect([places.running, places.waiting]).toEqual([0, 0]);
  });

  it('forgets one that leaves while waiting, and counts a second leave for nothing', () => {
    const places = new Places(1);
    const started: string[] = [];
    const leaveA = places.take(() => started.push('a'));
    const leaveB = places.take(() => started.push('b'));
    places.take(() => started.push('c'));
    leaveB();
    leaveB();
    expect([places.running, places.waiting]).toEqual([1, 1]);
    leaveA();
    leaveA();
    expect(started).toEqual(['a', 'c']);
    expect([places.running, places.waiting]).toEqual([1, 0]);
  });
});
