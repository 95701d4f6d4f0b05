import { expect } from '@jest/globals';
import { AppError } from '../../src/platform/errors.js';
import type { StateMachine } from '../../src/platform/state-machine.js';

/** Asserts the typed refusal every machine gives for an illegal move: ILLEGAL_TRANSITION naming both states. */
export function expectIllegalTransition<S extends string>(machine: Pick<StateMachine<S>, 'name' | 'canTransition' | 'assertTransition'>, from: S, to: S): void {
  expect(machine.canTransition(from, to)).toBe(false);
  let error: unknown;
  try {
    machine.assertTransition(from, to);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('ILLEGAL_TRANSITION');
  expect((error as AppError).message).toContain(from);
  expect((error as AppError).message).toContain(to);
  expect((error as AppError).details).toMatchObject({ from, to, machine: machine.name });
}
