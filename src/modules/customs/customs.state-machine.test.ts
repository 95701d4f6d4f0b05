import { expectIllegalTransition } from '../../../test/support/state-machine-assertions.js';
import { describe, expect, it } from '@jest/globals';
import { CUSTOMS_STATES, customsMachine, presentationEvent, PUBLIC_STATUS, trackingEventFor, type CustomsState } from './customs.state-machine.js';

const LEGAL: [CustomsState, CustomsState][] = [
  ['SUBMITTED', 'ASSESSED'],
  ['ASSESSED', 'RELEASED'], ['ASSESSED', 'DUTY_DUE'], ['ASSESSED', 'UNDER_REVIEW'], ['ASSESSED', 'HELD_FOR_INSPECTION'],
  ['UNDER_REVIEW', 'RELEASED'], ['UNDER_REVIEW', 'DUTY_DUE'], ['UNDER_REVIEW', 'HELD_FOR_INSPECTION'], ['UNDER_REVIEW', 'DOCUMENTS_REQUESTED'],
  ['UNDER_REVIEW', 'REJECTED'], ['UNDER_REVIEW', 'SEIZED'],
  ['HELD_FOR_INSPECTION', 'RELEASED'], ['HELD_FOR_INSPECTION', 'DUTY_DUE'], ['HELD_FOR_INSPECTION', 'SEIZED'], ['HELD_FOR_INSPECTION', 'REJECTED'],
  ['DOCUMENTS_REQUESTED', 'UNDER_REVIEW'], ['DOCUMENTS_REQUESTED', 'REJECTED'],
  ['DUTY_DUE', 'RELEASED'],
  ['RELEASED', 'UNDER_REVIEW'],
  ['REJECTED', 'RETURNED_TO_SENDER'],
];
const legal = new Set(LEGAL.map(([a, b]) => `${a}>${b}`));
const ALL_PAIRS = CUSTOMS_STATES.flatMap((from) => CUSTOMS_STATES.map((to) => [from, to] as [CustomsState, CustomsState]));

describe('customs declaration state machine', () => {
  it('has the ten states of the issue', () => {
    expect(CUSTOMS_STATES.sort()).toEqual(
      ['ASSESSED', 'DOCUMENTS_REQUESTED', 'DUTY_DUE', 'HELD_FOR_INSPECTION', 'REJECTED', 'RELEASED', 'RETURNED_TO_SENDER', 'SEIZED', 'SUBMITTED', 'UNDER_REVIEW'],
    );
    expect(ALL_PAIRS).toHaveLength(100);
  });

  it.each(LEGAL)('allows %s → %s', (from, to) => {
    expect(customsMachine.canTransition(from, to)).toBe(true);
    expect(() => customsMachine.assertTransition(from, to)).not.toThrow();
  });

  it.each(ALL_PAIRS.filter(([a, b]) => !legal.has(`${a}>${b}`)))('refuses %s → %s with a typed error naming both states', (from, to) => {
    expectIllegalTransition(customsMachine, from, to);
  });

  it('ends only in seized and returned to sender', () => {
    expect(CUSTOMS_STATES.filter((s) => customsMachine.isFinal(s)).sort()).toEqual(['RETURNED_TO_SENDER', 'SEIZED']);
  });

  it('maps every state to a public status and a UPU event per direction', () => {
    for (const s of CUSTOMS_STATES) expect(PUBLIC_STATUS[s]).toBeTruthy();
    expect(['ASSESSED', 'UNDER_REVIEW', 'RELEASED', 'RETURNED_TO_SENDER', 'SEIZED'].map((s) => trackingEventFor('EXPORT', s as CustomsState))).toEqual([null, 'EXB', 'EXC', 'EXC', 'EXB']);
    expect(['ASSESSED', 'HELD_FOR_INSPECTION', 'RELEASED', 'DUTY_DUE', 'REJECTED', 'DOCUMENTS_REQUESTED', 'SUBMITTED'].map((s) => trackingEventFor('IMPORT', s as CustomsState))).toEqual([null, 'EME', 'EDC', 'EME', 'EME', 'EME', null]);
    expect([presentationEvent('EXPORT'), presentationEvent('IMPORT')]).toEqual(['EXA', 'EDB']);
  });
});
