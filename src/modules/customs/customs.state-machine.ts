import { StateMachine } from '../../platform/state-machine.js';
import type { ShipmentStatus } from '../shipments/shipment-status.state-machine.js';

export type CustomsState =
  | 'SUBMITTED'
  | 'ASSESSED'
  | 'UNDER_REVIEW'
  | 'HELD_FOR_INSPECTION'
  | 'DOCUMENTS_REQUESTED'
  | 'DUTY_DUE'
  | 'RELEASED'
  | 'SEIZED'
  | 'REJECTED'
  | 'RETURNED_TO_SENDER';

/**
 * The declaration's life with customs, one table. Lanes after assessment: GREEN waits in ASSESSED
 * for the green channel, AMBER goes to UNDER_REVIEW, RED to HELD_FOR_INSPECTION. An import
 * declaration with duty or tax due goes to DUTY_DUE instead of RELEASED until it is paid.
 * RELEASED → UNDER_REVIEW is the recall when the hub's scale contradicts the declaration.
 */
export const customsMachine = new StateMachine<CustomsState>('Customs declaration', {
  SUBMITTED: ['ASSESSED'],
  ASSESSED: ['RELEASED', 'DUTY_DUE', 'UNDER_REVIEW', 'HELD_FOR_INSPECTION'],
  UNDER_REVIEW: ['RELEASED', 'DUTY_DUE', 'HELD_FOR_INSPECTION', 'DOCUMENTS_REQUESTED', 'REJECTED', 'SEIZED'],
  HELD_FOR_INSPECTION: ['RELEASED', 'DUTY_DUE', 'SEIZED', 'REJECTED'],
  DOCUMENTS_REQUESTED: ['UNDER_REVIEW', 'REJECTED'],
  DUTY_DUE: ['RELEASED'],
  RELEASED: ['UNDER_REVIEW'],
  REJECTED: ['RETURNED_TO_SENDER'],
  SEIZED: [],
  RETURNED_TO_SENDER: [],
});

export const CUSTOMS_STATES = customsMachine.states;

/** The public ShipmentStatus each customs state shows; ASSESSED (green, waiting for release) stays DECLARED. */
export const PUBLIC_STATUS: Record<CustomsState, ShipmentStatus> = {
  SUBMITTED: 'DECLARED',
  ASSESSED: 'DECLARED',
  UNDER_REVIEW: 'CUSTOMS_REVIEW',
  HELD_FOR_INSPECTION: 'CUSTOMS_HOLD',
  DOCUMENTS_REQUESTED: 'DOCUMENTS_REQUESTED',
  DUTY_DUE: 'DUTY_DUE',
  RELEASED: 'CUSTOMS_RELEASED',
  SEIZED: 'SEIZED',
  REJECTED: 'CUSTOMS_REJECTED',
  RETURNED_TO_SENDER: 'RETURNED_TO_SENDER',
};

export type Direction = 'IMPORT' | 'EXPORT';

/**
 * The UPU item event each state writes: export side EXB held / EXC returned or released; import
 * side EME held / EDC returned or released. Assessment writes none: it happens on the electronic
 * declaration, before anyone holds the parcel; `presentationEvent` is written when the hub receives it.
 */
export function trackingEventFor(direction: Direction, to: CustomsState): string | null {
  const [held, out] = direction === 'EXPORT' ? ['EXB', 'EXC'] : ['EME', 'EDC'];
  switch (to) {
    case 'SUBMITTED':
    case 'ASSESSED':
      return null;
    case 'RELEASED':
    case 'RETURNED_TO_SENDER':
      return out;
    case 'UNDER_REVIEW':
    case 'HELD_FOR_INSPECTION':
    case 'DOCUMENTS_REQUESTED':
    case 'DUTY_DUE':
    case 'SEIZED':
    case 'REJECTED':
      return held;
  }
}

/** Physical presentation to customs: EXA (export), EDB (import). */
export function presentationEvent(direction: Direction): string {
  return direction === 'EXPORT' ? 'EXA' : 'EDB';
}
