import { declarations } from './metrics.js';
import { isFailure } from '../platform/failure.js';
import type { Database } from '../db/database.js';
import { loadConfig, type Config } from '../platform/config.js';
import { AuthService } from '../modules/auth/auth.service.js';
import { CarrierEventsService } from '../modules/carriers/carrier-events.service.js';
import { HandoffService } from '../modules/carriers/handoff.service.js';
import { CustomsService } from '../modules/customs/customs.service.js';
import { TestWalletProvider, type PaymentProvider } from '../modules/customs/payments.js';
import { ConsignmentService } from '../modules/edi/consignment.service.js';
import { EdiService } from '../modules/edi/edi.service.js';
import { receptacleEventsToTimelines } from '../modules/edi/resdit-timeline.js';
import { DocumentsService } from '../modules/documents/documents.service.js';
import type { CustomsRiskPort } from '../modules/hub/customs-risk.port.js';
import { DEFAULT_RETENTION_MONTHS, HistoryPartitions } from '../modules/history/history.service.js';
import { HubDocumentSource } from '../modules/hub/hub.documents.js';
import { DEFAULT_HUB_CONFIG, type HubConfig } from '../modules/hub/hub.config.js';
import { HubService } from '../modules/hub/hub.service.js';
import { Lanes } from '../modules/hub/lanes.js';
import { OperationsService } from '../modules/operations/operations.service.js';
import { ReferenceData } from '../modules/reference/reference.service.js';
import { RegimesService } from '../modules/regimes/regimes.service.js';
import { AttachmentsService } from '../modules/attachments/attachments.service.js';
import { ReturnsService } from '../modules/returns/returns.service.js';
import { rowLockingOf } from '../modules/shipments/shipments.repository.js';
import { ShipmentStatusOwner } from '../modules/shipments/shipment-status.service.js';
import { ShipmentsService } from '../modules/shipments/shipments.service.js';
import { EventTexts } from '../modules/tracking/event-texts.js';
import { TrackingService } from '../modules/tracking/tracking.service.js';
import { WebhookDeliverer } from '../modules/webhooks/webhook-delivery.js';
import { WebhooksService } from '../modules/webhooks/webhooks.service.js';

/** The composition root: every service, built once per process over one database. */
export interface Services {
  db: Database;
  reference: ReferenceData;
  eventTexts: EventTexts;
  auth: AuthService;
  shipments: ShipmentsService;
  /** Owner of the public parcel status (the port hub, customs and carriers move it through). */
  shipmentStatus: ShipmentStatusOwner;
  tracking: TrackingService;
  customs: CustomsService;
  hub: HubService;
  documents: DocumentsService;
  operations: OperationsService;
  webhooks: WebhooksService;
  /** Fan-out and delivery of outbound webhooks; the scheduler runs webhookDelivery.jobs(). */
  webhookDelivery: WebhookDeliverer;
  carrierEvents: CarrierEventsService;
  handoffs: HandoffService;
  /** Duty and tax rule versions: load, list, withdraw. */
  regimes: RegimesService;
  attachments: AttachmentsService;
  /** Postal EDI exports (docs/edi.md); its edi.publish job pushes PREDES/ITMATT. */
  edi: EdiService;
  consignments: ConsignmentService;
  /** Monthly partitions of the append-only histories: made ahead, expired ones exported. */
  history: HistoryPartitions;
  /** Return to sender: carrier returns, seller recalls, re-receipt, re-import, hand-back. */
  returns: ReturnsService;
}

type CustomsConfig = Pick<Config, 'greenChannelEvery' | 'greenChannelBatch' | 'greenChannelMaxPerRun' | 'escalateAfterMinutes' | 'escalationEvery'>;

type HistorySettings = Pick<Config, 'historyMonthsAhead' | 'historyArchiveDir' | 'historyEvery'>;

export type ServicesConfig = Pick<Config, 'maxBulkDeclarations'> & Partial<Pick<Config, 'clock'>> & Partial<CustomsConfig> & Partial<HubConfig> & Partial<Pick<Config, 'webhooks'>> & Partial<HistorySettings>;

/** Declarations per second for /metrics: counted once the declaring transaction has committed (a retried transaction counts once). */
function countDeclarations(shipments: ShipmentsService): void {
  const declare = shipments.declare.bind(shipments);
  shipments.declare = async (...args) => {
    const result = await declare(...args);
    if (!result.replayed) declarations.inc(result.outcomes.filter((o) => !isFailure(o)).length);
    return result;
  };
}

export async function createServices(
  db: Database,
  config: ServicesConfig,
  payments: PaymentProvider = new TestWalletProvider(),
): Promise<Services> {
  const [reference, eventTexts] = await Promise.all([ReferenceData.load(db, config.clock), EventTexts.load()]);
  const webhookConfig = config.webhooks ?? loadConfig().webhooks;
  // The one writer of shipments.status; hub, customs and carriers get it as their status port.
  const locking = await rowLockingOf(db);
  const shipmentStatus = new ShipmentStatusOwner({ locking });
  const customs = new CustomsService(db, reference, await CustomsService.loadData(reference), payments, {
    greenChannelEvery: config.greenChannelEvery ?? '10 seconds',
    greenChannelBatch: config.greenChannelBatch ?? 5000,
    greenChannelMaxPerRun: config.greenChannelMaxPerRun ?? 100_000,
    escalateAfterMinutes: config.escalateAfterMinutes ?? 240,
    escalationEvery: config.escalationEvery ?? '1 minute',
    locking,
  }, shipmentStatus, undefined, config.clock);
  const shipments = new ShipmentsService(db, reference, { maxBulk: config.maxBulkDeclarations, locking });
  // Customs assesses every declaration inside the declaring transaction.
  shipments.onDeclared(customs.onDeclared);
  countDeclarations(shipments);

  const hubConfig: HubConfig = {
    hubWeightToleranceGrams: config.hubWeightToleranceGrams ?? DEFAULT_HUB_CONFIG.hubWeightToleranceGrams,
    hubWeightTolerancePercent: config.hubWeightTolerancePercent ?? DEFAULT_HUB_CONFIG.hubWeightTolerancePercent,
    receptacleMaxWeightGrams: config.receptacleMaxWeightGrams ?? DEFAULT_HUB_CONFIG.receptacleMaxWeightGrams,
    hubDwellThresholdsHours: config.hubDwellThresholdsHours ?? DEFAULT_HUB_CONFIG.hubDwellThresholdsHours,
    hubDwellCheckEvery: config.hubDwellCheckEvery ?? DEFAULT_HUB_CONFIG.hubDwellCheckEvery,
  };
  // A parcel weighed at the hub other than declared goes back through customs risk, in the receiving transaction.
  const customsRisk: CustomsRiskPort = {
    presented: (tx, shipmentIds, at, journal) => customs.atHub.presented(tx, shipmentIds, at, journal),
    async reassessWeight(tx, shipmentId, measuredGrams, actor) {
      await customs.atHub.recheckWeight(tx, actor, shipmentId, measuredGrams);
    },
  };
  // A closed dispatch joins its carrier's queue through the carriers module, in the closing transaction.
  const handoffs = new HandoffService(db, reference, shipmentStatus, config.clock);
  const hub = new HubService(db, reference, await Lanes.load(reference), hubConfig, { status: shipmentStatus, handoffs, customsRisk }, config.clock, locking);
  const documents = new DocumentsService(db, reference, shipments);
  const webhooks = new WebhooksService(db, webhookConfig, undefined, config.clock);
  // CN 35, CN 38 and manifests print the hub's receptacles and dispatches.
  documents.useConsolidationSource(new HubDocumentSource(db, hub.scope, reference));
  const carrierEvents = await CarrierEventsService.create(db, reference, shipmentStatus, config.clock);
  // RESDIT-style receptacle events feed the timeline of every item in the receptacle.
  carrierEvents.onReceptacleEvents(receptacleEventsToTimelines);
  const edi = new EdiService(db, reference, handoffs, config.clock);
  const returns = await ReturnsService.create(db, reference, shipmentStatus, config.clock);
  // A return starts whoever moves the parcel (a carrier's events, a customs decision): its row is written in that transaction.
  shipmentStatus.onEdges(ReturnsService.STARTING_EDGES, (tx, changes, context) => returns.returnsStarted(tx, changes, context));
  return {
    db,
    reference,
    eventTexts,
    auth: new AuthService(db, reference),
    shipments,
    shipmentStatus,
    // Public tracking reads a replica when there is one.
    tracking: new TrackingService(db.reads, locking),
    customs,
    hub,
    documents,
    // Dashboard panels read the modules that own their data: customs lanes, the hub's receptacles
    // and hub_parcels, the webhooks module's deliveries and attempts.
    operations: new OperationsService(db, reference, hub, customs.declarations, webhooks),
    webhooks,
    webhookDelivery: new WebhookDeliverer(db, webhookConfig, undefined, {}, config.clock),
    carrierEvents,
    handoffs,
    edi,
    consignments: new ConsignmentService(db, reference, edi),
    regimes: new RegimesService(db, reference, config.clock),
    attachments: new AttachmentsService(db, shipments),
    history: new HistoryPartitions(db, {
      monthsAhead: config.historyMonthsAhead ?? 3,
      retentionMonths: DEFAULT_RETENTION_MONTHS,
      archiveDir: config.historyArchiveDir ?? './.silkgate/history-archive',
      every: config.historyEvery ?? '6 hours',
    }),
    returns,
  };
}
