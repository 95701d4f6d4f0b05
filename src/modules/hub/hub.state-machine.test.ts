import { expectIllegalTransition } from '../../../test/support/state-machine-assertions.js';
import { describe, expect, it } from '@jest/globals';
import { dispatchMachine, hubParcelMachine, receptacleMachine } from './hub.state-machine.js';

const cases = [
  {
    machine: hubParcelMachine,
    allowed: [['RECEIVED', 'BAGGED'], ['BAGGED', 'RECEIVED'], ['BAGGED', 'DISPATCHED']],
    final: ['DISPATCHED'],
  },
  {
    machine: receptacleMachine,
    allowed: [['OPEN', 'CLOSED'], ['CLOSED', 'DISPATCHED']],
    final: ['DISPATCHED'],
  },
  {
    machine: dispatchMachine,
    allowed: [['OPEN', 'CLOSED']],
    final: ['CLOSED'],
  },
] as const;

describe.each(cases)('$machine.name state machine', ({ machine, allowed, final }) => {
  const m = machine as { states: string[]; canTransition(a: string, b: string): boolean; assertTransition(a: string, b: string): void; isFinal(s: string): boolean; name: string };
  const isAllowed = (from: string, to: string) => (allowed as readonly (readonly string[])[]).some(([a, b]) => a === from && b === to);

  it('allows exactly the transitions in its table, and refuses every other pair naming both states', () => {
    for (const from of m.states) {
      for (const to of m.states) {
        expect(m.canTransition(from, to)).toBe(isAllowed(from, to));
        if (isAllowed(from, to)) {
          expect(() => m.assertTransition(from, to)).not.toThrow();
        } else {
          expectIllegalTransition(m, from, to);
        }
      }
    }
  });

  it('has the expected final states', () => {
    expect(m.states.filter((s) => m.isFinal(s))).toEqual([...final]);
  });
});
