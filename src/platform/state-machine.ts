import { AppError } from './errors.js';

/**
 * An explicit finite-state machine: a table from each state to the states it may move to.
 * Every machine in Silkgate (declaration, parcel in hub, receptacle, dispatch) is one of these.
 */
export class StateMachine<S extends string> {
  constructor(
    readonly name: string,
    private readonly transitions: Readonly<Record<S, readonly S[]>>,
  ) {}

  get states(): S[] {
    return Object.keys(this.transitions) as S[];
  }

  canTransition(from: S, to: S): boolean {
    return this.transitions[from]?.includes(to) ?? false;
  }

  nextStates(from: S): readonly S[] {
    return this.transitions[from] ?? [];
  }

  isFinal(state: S): boolean {
    return this.nextStates(state).length === 0;
  }

  /** Throws ILLEGAL_TRANSITION naming both states. */
  assertTransition(from: S, to: S): void {
    if (!this.canTransition(from, to)) {
      throw new AppError('ILLEGAL_TRANSITION', `${this.name} cannot move from ${from} to ${to}.`, { from, to, machine: this.name });
    }
  }
}
