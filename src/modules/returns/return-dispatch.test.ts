import { describe, expect, it } from '@jest/globals';
import { normaliseReturnDispatch, returnDispatchProblem } from './return-dispatch.js';

describe('return dispatch', () => {
  it('accepts a returned-items (CB) dispatch to the origin office', () => {
    expect(returnDispatchProblem('RUMOWAMYKULAACB60001', 'MYKULA')).toBeNull();
    expect(normaliseReturnDispatch(' rumowa mykula acb60001 ')).toBe('RUMOWAMYKULAACB60001');
  });

  it('refuses another subclass, another office, and what is not an S8 id', () => {
    expect(returnDispatchProblem('RUMOWAMYKULAACC60001', 'MYKULA')).toMatch(/subclass CC to MYKULA/);
    expect(returnDispatchProblem('RUMOWAMYPENAACB60001', 'MYKULA')).toMatch(/to MYPENA/);
    expect(returnDispatchProblem('NOT-AN-S8', 'MYKULA')).toMatch(/^Return dispatch NOT-AN-S8: /);
  });
});
