import { StateMachine } from '../../platform/state-machine.js';

/** A parcel physically in the hub: received (on a shelf), bagged (in a receptacle), dispatched (gone). */
export type HubParcelState = 'RECEIVED' | 'BAGGED' | 'DISPATCHED';
export const hubParcelMachine = new StateMachine<HubParcelState>('Parcel in hub', {
  RECEIVED: ['BAGGED'],
  // back to the shelf when taken out of an open receptacle
  BAGGED: ['RECEIVED', 'DISPATCHED'],
  DISPATCHED: [],
});

/** A receptacle (bag): filled while open, labelled with its S9 id at close, gone with its dispatch. */
export type ReceptacleState = 'OPEN' | 'CLOSED' | 'DISPATCHED';
export const receptacleMachine = new StateMachine<ReceptacleState>('Receptacle', {
  OPEN: ['CLOSED'],
  CLOSED: ['DISPATCHED'],
  DISPATCHED: [],
});

/** A dispatch (S8): takes receptacles while open; closing freezes it and hands it to the carrier queue. */
export type DispatchState = 'OPEN' | 'CLOSED';
export const dispatchMachine = new StateMachine<DispatchState>('Dispatch', {
  OPEN: ['CLOSED'],
  CLOSED: [],
});
