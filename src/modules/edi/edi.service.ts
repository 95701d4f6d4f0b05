import { systemClock, type Clock } from '../../platform/clock.js';
import type { Database } from '../../db/database.js';
import { AppError, badInput, notFound } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import type { JobDefinition } from '../../platform/jobs.js';
import type { Principal } from '../auth/principal.js';
import type { HandoffService } from '../carriers/handoff.service.js';
import { enqueueOutbox, type OutboxMessage } from '../outbox/outbox.repository.js';
import type { ReferenceData } from '../reference/reference.service.js';
import { eventsForShipments } from '../tracking/tracking.repository.js';
import { mayRead } from './edi.access.js';
import { buildCardit, buildEmsevt, buildItmatt, buildPredes, type DeliveryBill, type DispatchAdvance, type Envelope } from './edi.builders.js';
import { EDI_MESSAGE_TYPES, type EdiMessageType } from './edi.definitions.js';
import type { EdiErrorCode } from './edi.errors.js';
import * as repo from './edi.repository.js';
import { encoderFor } from './encoders/edi-encoders.js';
import type { EdiDocument } from './encoders/edi-encoder.js';
import { pruneAbsent } from './encoders/json.encoder.js';

export interface EdiFile {
  filename: string;
  mediaType: string;
  body: string;
}

/** Per dispatch; CARDIT is per consignment. */
export const DISPATCH_MESSAGES = ['ITMATT', 'PREDES', 'EMSEVT'] as const;
export type DispatchMessageType = (typeof DISPATCH_MESSAGES)[number];

/** Outbox topics of the pushed documents: `edi.predes`, `edi.itmatt`, `edi.cardit`. */
export const ediTopic = (type: EdiMessageType) => `edi.${type.toLowerCase()}`;

export function parseMessageType(value: string): EdiMessageType {
  const type = value.toUpperCase();
  if (!(EDI_MESSAGE_TYPES as readonly string[]).includes(type)) throw badInput(`Unknown EDI message "${value}"; use one of ${EDI_MESSAGE_TYPES.join(', ')}.`, { field: 'messageType' });
  return type as EdiMessageType;
}

const PUBLISH_BATCH = 50;
/** How far back the publish job looks for closed dispatches (docs/edi.md). */
const PUBLISH_WINDOW_HOURS = 48;

/**
 * Builds the EDI documents of the hub's closed dispatches and consignments from its own records
 * (docs/edi.md): downloads through any registered encoder, and PREDES/ITMATT pushed once per
 * closed dispatch through the outbox (webhooks) by the `edi.publish` job.
 */
export class EdiService {
  constructor(
    private readonly db: Database,
    private readonly reference: ReferenceData,
    private readonly handoffs: HandoffService,
    private readonly clock: Clock = systemClock,
  ) {}

  envelope(hubId: string, carrierId: string): Envelope {
    const hub = this.reference.hubs.find((h) => h.id === hubId);
    const carrier = this.reference.carriers.find((c) => c.id === carrierId);
    return { senderOffice: hub?.officeOfExchange ?? '', recipient: carrier?.code ?? '', preparedAt: this.clock.now() };
  }

  /** A closed dispatch the principal may read, or NOT_FOUND / DISPATCH_NOT_CLOSED. */
  async readableDispatch(principal: Principal, dispatchId: string): Promise<repo.DispatchRef> {
    if (!isUuid(dispatchId)) throw notFound('Dispatch');
    const [d] = await repo.findDispatches(this.db, [dispatchId]);
    if (!d || !mayRead(principal, d)) throw notFound('Dispatch');
    if (d.state !== 'CLOSED') throw new AppError<EdiErrorCode>('DISPATCH_NOT_CLOSED', `Dispatch ${d.dispatchNumber} is still open: its EDI exists once it is closed.`, { dispatchId });
    return d;
  }

  async exportDispatch(principal: Principal, messageType: EdiMessageType, dispatchId: string, format: string): Promise<EdiFile> {
    if (messageType === 'CARDIT') throw badInput('CARDIT is per consignment: export it from the consignment.', { field: 'messageType' });
    const encoder = encoderFor(format, messageType);
    const d = await this.readableDispatch(principal, dispatchId);
    const [doc] = await this.dispatchDocuments([d], [messageType]);
    return { filename: `${messageType}-${d.dispatchNumber}.${encoder.fileExtension}`, mediaType: encoder.mediaType, body: encoder.encode(doc) };
  }

  async exportConsignment(principal: Principal, consignmentId: string, format: string): Promise<EdiFile> {
    const encoder = encoderFor(format, 'CARDIT');
    if (!isUuid(consignmentId)) throw notFound('Consignment');
    const c = await repo.findConsignment(this.db, consignmentId);
    if (!c || !mayRead(principal, c)) throw notFound('Consignment');
    const doc = this.carditDocument(c, await this.deliveryBills(c.dispatchIds));
    return { filename: `CARDIT-${c.consignmentNumber}.${encoder.fileExtension}`, mediaType: encoder.mediaType, body: encoder.encode(doc) };
  }

  /** The delivery bills frozen at close, by dispatch id. */
  async deliveryBills(dispatchIds: readonly string[]): Promise<Map<string, DeliveryBill>> {
    const advance = await this.advance(dispatchIds);
    return new Map([...advance].map(([id, a]) => [id, a.deliveryBill]));
  }

  /** Pure once the bills are loaded, so a transaction can build it (deliveryBills reads outside it). */
  carditDocument(c: repo.ConsignmentRow, bills: ReadonlyMap<string, DeliveryBill>): EdiDocument {
    const carrier = this.reference.carriers.find((x) => x.id === c.carrierId);
    const record = {
      consignmentNumber: c.consignmentNumber, airWaybill: c.airWaybill, carrier: carrier?.code ?? '', createdAt: new Date(c.createdAt),
      legs: c.legs.map((l) => ({ ...l, departureAt: l.departureAt ? new Date(l.departureAt) : null, arrivalAt: l.arrivalAt ? new Date(l.arrivalAt) : null })),
    };
    return buildCardit(record, c.dispatchIds.map((id) => bills.get(id)!), this.envelope(c.hubId, c.carrierId));
  }

  private async advance(dispatchIds: readonly string[]): Promise<Map<string, DispatchAdvance>> {
    const map = (await this.handoffs.advanceFor(dispatchIds)) as unknown as Map<string, DispatchAdvance>;
    for (const id of dispatchIds) if (!map.has(id)) throw notFound('Dispatch advance data');
    return map;
  }

  private async dispatchDocuments(dispatches: readonly repo.DispatchRef[], types: readonly DispatchMessageType[]): Promise<EdiDocument[]> {
    const advance = await this.advance(dispatches.map((d) => d.id));
    const numbers = [...advance.values()].flatMap((a) => a.items.map((i) => i.trackingNumber));
    const extras = types.some((t) => t !== 'PREDES') ? await repo.declarationExtras(this.db, numbers) : new Map();
    const events = types.includes('EMSEVT') ? await eventsForShipments(this.db, [...extras.values()].map((x) => x.shipmentId)) : new Map();
    return dispatches.flatMap((d) => {
      const a = advance.get(d.id)!;
      const env = this.envelope(d.hubId, d.carrierId);
      return types.map((type) => {
        if (type === 'PREDES') return buildPredes(a, env);
        if (type === 'ITMATT') return buildItmatt(a, extras, env);
        const itemEvents = a.items.flatMap((i) => {
          const x = extras.get(i.trackingNumber);
          return (x ? events.get(x.shipmentId) ?? [] : []).map((e: { code: string; occurredAt: Date; office: string | null; countryCode: string | null }) => ({ ...e, trackingNumber: i.trackingNumber }));
        });
        return buildEmsevt(d.dispatchNumber, itemEvents, env);
      });
    });
  }

  /**
   * Enqueues PREDES and ITMATT (JSON form) for closed dispatches not published yet, with the
   * publication record, in one transaction per batch: each dispatch is pushed once. Documents are
   * built before the transaction: a closed dispatch's advance data no longer changes.
   */
  async publishClosedDispatches(maxBatches = 20): Promise<{ published: number }> {
    let published = 0;
    for (let batch = 0; batch < maxBatches; batch += 1) {
      const dispatches = await repo.unpublishedDispatches(this.db, PUBLISH_BATCH, PUBLISH_WINDOW_HOURS, this.clock.now());
      if (dispatches.length === 0) break;
      const docs = await this.dispatchDocuments(dispatches, ['PREDES', 'ITMATT']);
      published += await this.db.transaction(async (tx) => {
        const mine = await repo.markPublished(tx, dispatches.map((d) => d.id));
        const messages = dispatches.flatMap((d, i) => (mine.has(d.id) ? [outboxMessage(docs[2 * i], 'dispatch', d), outboxMessage(docs[2 * i + 1], 'dispatch', d)] : []));
        await enqueueOutbox(tx, messages);
        return mine.size;
      });
      if (dispatches.length < PUBLISH_BATCH) break;
    }
    return { published };
  }

  jobs(every = '10 seconds'): JobDefinition[] {
    return [{ name: 'edi.publish', every, run: () => this.publishClosedDispatches() }];
  }
}

/** An EDI document as an outbox message: the webhook's data is the JSON form itself. */
export function outboxMessage(doc: EdiDocument, aggregateType: 'dispatch' | 'consignment', owner: { id: string; carrierId: string }): OutboxMessage {
  return {
    topic: ediTopic(doc.messageType), aggregateType, aggregateId: owner.id, carrierId: owner.carrierId,
    payload: pruneAbsent(doc) as Record<string, unknown>,
  };
}
