import type { Database } from '../db/database.js';
import { loadConfig, type Config } from '../platform/config.js';
import { AuthService } from '../modules/auth/auth.service.js';
import { CarrierEventsService } from '../modules/carriers/carrier-events.service.js';
import { HandoffService } from '../modules/carriers/handoff.service.js';
import { CustomsService } from '../modules/customs/customs.service.js';
import { TestWalletProvider, type PaymentProvider } from '../modules/customs/payments.js';
import { DocumentsService } from '../modules/documents/documents.service.js';
import type { CustomsRiskPort } from '../modules/hub/customs-risk.port.js';
import { HubDocumentSource } from '../modules/hub/hub.documents.js';
import { DEFAULT_HUB_CONFIG, HubService, type HubConfig } from '../modules/hub/hub.service.js';
import { Lanes } from '../modules/hub/lanes.js';
import { OperationsService } from '../modules/operations/operations.service.js';
import { ReferenceData } from '../modules/reference/reference.service.js';
import { ReturnsService } from '../modules/returns/returns.service.js';
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
  /** Return to sender: carrier returns, seller recalls, re-receipt, re-import, hand-back. */
  returns: ReturnsService;
}

type CustomsConfig = Pick<Config, 'greenChannelEvery' | 'greenChannelBatch' | 'greenChannelMaxPerRun' | 'escalateAfterMinutes' | 'escalationEvery'>;

export type ServicesConfig = Pick<Config, 'maxBulkDeclarations'> & Partial<Pick<Config, 'clock'>> & Partial<CustomsConfig> & Partial<HubConfig> & Partial<Pick<Config, 'webhooks'>>;

export async function createServices(
  db: Database,
  config: ServicesConfig,
  payments: PaymentProvider = new TestWalletProvider(),
): Promise<Services> {
  const [reference, eventTexts] = await Promise.all([ReferenceData.load(db), EventTexts.load()]);
  const webhookConfig = config.webhooks ?? loadConfig().webhooks;
  // The one writer of shipments.status; hub, customs and carriers get it as their status port.
  const shipmentStatus = new ShipmentStatusOwner();
  const customs = new CustomsService(db, reference, await CustomsService.loadData(reference), payments, {
    greenChannelEvery: config.greenChannelEvery ?? '10 seconds',
    greenChannelBatch: config.greenChannelBatch ?? 5000,
    greenChannelMaxPerRun: config.greenChannelMaxPerRun ?? 100_000,
    escalateAfterMinutes: config.escalateAfterMinutes ?? 240,
    escalationEvery: config.escalationEvery ?? '1 minute',
  }, shipmentStatus, undefined, config.clock);
  const shipments = new ShipmentsService(db, reference, { maxBulk: config.maxBulkDeclarations });
  // Customs assesses every declaration inside the declaring transaction.
  shipments.onDeclared(customs.onDeclared);

  const hubConfig: HubConfig = {
    hubWeightToleranceGrams: config.hubWeightToleranceGrams ?? DEFAULT_HUB_CONFIG.hubWeightToleranceGrams,
    hubWeightTolerancePercent: config.hubWeightTolerancePercent ?? DEFAULT_HUB_CONFIG.hubWeightTolerancePercent,
    receptacleMaxWeightGrams: config.receptacleMaxWeightGrams ?? DEFAULT_HUB_CONFIG.receptacleMaxWeightGrams,
    hubDwellThresholdsHours: config.hubDwellThresholdsHours ?? DEFAULT_HUB_CONFIG.hubDwellThresholdsHours,
    hubDwellCheckEvery: config.hubDwellCheckEvery ?? DEFAULT_HUB_CONFIG.hubDwellCheckEvery,
  };
  // A parcel weighed at the hub other than declared goes back through customs risk, in the receiving transaction.
  const customsRisk: CustomsRiskPort = {
    presented: (tx, shipmentIds, at) => customs.presented(tx, shipmentIds, at),
    async reassessWeight(tx, shipmentId, measuredGrams, actor) {
      await customs.recheckWeight(tx, actor, shipmentId, measuredGrams);
    },
  };
  const hub = new HubService(db, reference, await Lanes.load(reference), hubConfig, customsRisk, shipmentStatus, config.clock);
  const documents = new DocumentsService(db, reference, shipments);
  const webhooks = new WebhooksService(db, webhookConfig);
  // CN 35, CN 38 and manifests print the hub's receptacles and dispatches.
  documents.useConsolidationSource(new HubDocumentSource(hub, reference));
  return {
    db,
    reference,
    eventTexts,
    auth: new AuthService(db, reference),
    shipments,
    shipmentStatus,
    tracking: new TrackingService(db),
    customs,
    hub,
    documents,
    // Dashboard panels read the modules that own their data: customs lanes, the hub's receptacles
    // and hub_parcels, the webhooks module's deliveries and attempts.
    operations: new OperationsService(db, reference, hub, customs, webhooks),
    webhooks,
    webhookDelivery: new WebhookDeliverer(db, webhookConfig),
    carrierEvents: await CarrierEventsService.create(db, reference, shipmentStatus),
    handoffs: new HandoffService(db, reference, shipmentStatus),
    returns: await ReturnsService.create(db, reference, shipmentStatus, config.clock),
  };
}
