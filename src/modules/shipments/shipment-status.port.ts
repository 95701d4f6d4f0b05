import type { Queryable } from '../../db/database.js';
import type { Actor } from '../auth/principal.js';
import type { ChangeJournal } from '../journal/change-journal.js';
import type { NewTrackingEvent } from '../tracking/tracking.repository.js';
import type { ShipmentStatus, StatusEdgeName } from './shipment-status.state-machine.js';

/** One parcel's move to a new public status. */
export interface StatusChange {
  shipmentId: string;
  to: ShipmentStatus;
  /** The tracking events of the step (EMA + EMB at receipt, EMC at dispatch …), written with the change. */
  events?: readonly Omit<NewTrackingEvent, 'shipmentId'>[];
  /** The event behind the move when the caller writes that event itself (a carrier's events, stored whether or not they move the status). */
  eventCode?: string;
  /** Customs' own state, kept beside the status in the same statement (the hub bags released parcels only). */
  customsStatus?: string;
  reason?: string | null;
  /** When it happened (default: the context's time). */
  occurredAt?: Date;
  /** What the edge's listeners need beyond the move, e.g. a carrier return's reason and return dispatch. */
  detail?: Readonly<Record<string, unknown>>;
}

export interface StatusChangeContext {
  actor: Actor;
  /** Who moved it, as tracking events name sources: `hub`, `customs`, `carrier:<code>`. */
  source: string;
  requestId?: string | null;
  /** Carrier the messages also go to (a carrier's own events and handovers). */
  carrierId?: string | null;
  /** The caller's journal: events, audit and messages are added to it and flushed by the caller. Without one they are written at once. */
  journal?: ChangeJournal;
  now: Date;
  /**
   * `skip` leaves parcels whose move is not allowed as they are and reports them (their step's
   * events are still written: they say what physically happened); `throw` (default) refuses the whole call.
   */
  illegal?: 'throw' | 'skip';
}

export interface StatusChanged {
  shipmentId: string;
  from: ShipmentStatus;
  to: ShipmentStatus;
  edge: StatusEdgeName;
  trackingNumber: string;
  sellerOrgId: string;
}

/** A change as an edge's listener receives it, in the changing transaction. */
export interface StatusChangedWithDetail extends StatusChanged {
  occurredAt: Date;
  detail: Readonly<Record<string, unknown>>;
}

/**
 * Lets the module that owns a step's own records (the returns module's `returns` rows) write them in
 * the same transaction as the move, whoever made it: a carrier's events or a customs decision.
 */
export type StatusChangeListener = (tx: Queryable, changes: readonly StatusChangedWithDetail[], context: StatusChangeContext) => Promise<void>;

export interface StatusChangeResult {
  changed: StatusChanged[];
  /** Already at the target status: nothing written but the step's events and the customs state. */
  unchanged: string[];
  /** Moves the machine does not allow (only with `illegal: 'skip'`). */
  refused: { shipmentId: string; from: string; to: ShipmentStatus }[];
}

/**
 * The one way to change `shipments.status`. Hub, customs and carriers get this port; the shipments
 * module owns the column, its state machine and the `shipment.status_changed` message.
 */
export interface ShipmentStatusPort {
  /** Many parcels, one statement: each move checked, the rows written, and per change its event, audit record and message. */
  changeStatus(tx: Queryable, changes: readonly StatusChange[], context: StatusChangeContext): Promise<StatusChangeResult>;
  /**
   * Locks the parcels until the caller's transaction ends and answers their current status (missing
   * ids are left out): a caller that decides on a status holds the rows until it has moved them.
   */
  lockStatuses(tx: Queryable, shipmentIds: readonly string[]): Promise<Map<string, string>>;
}
