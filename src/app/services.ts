import type { Database } from '../db/database.js';
import { loadConfig, type Config } from '../platform/config.js';
import { CarrierEventsService } from '../modules/carriers/carrier-events.service.js';
import { HandoffService } from '../modules/carriers/handoff.service.js';
import { WebhookDeliverer } from '../modules/webhooks/webhook-delivery.js';
import { WebhooksService } from '../modules/webhooks/webhooks.service.js';
import { AuthService } from '../modules/auth/auth.service.js';
import { DocumentsService } from '../modules/documents/documents.service.js';
import { OperationsService } from '../modules/operations/operations.service.js';
import { noCustomsRisk } from '../modules/hub/customs-risk.port.js';
import { seedHubLocations } from '../modules/hub/hub.seeder.js';
import { DEFAULT_HUB_CONFIG, HubService, type HubConfig } from '../modules/hub/hub.service.js';
import { Lanes } from '../modules/hub/lanes.js';
import { ReferenceData } from '../modules/reference/reference.service.js';
import { ShipmentsService } from '../modules/shipments/shipments.service.js';
import { EventTexts } from '../modules/tracking/event-texts.js';
import { TrackingService } from '../modules/tracking/tracking.service.js';

/** The composition root: every service, built once per process over one database. */
export interface Services {
  db: Database;
  reference: ReferenceData;
  eventTexts: EventTexts;
  auth: AuthService;
  shipments: ShipmentsService;
  tracking: TrackingService;
  webhooks: WebhooksService;
  /** Fan-out and delivery of outbound webhooks; the scheduler runs webhookDelivery.jobs(). */
  webhookDelivery: WebhookDeliverer;
  carrierEvents: CarrierEventsService;
  handoffs: HandoffService;
  documents: DocumentsService;
  operations: OperationsService;
  hub: HubService;
}

export async function createServices(db: Database, config: Pick<Config, 'maxBulkDeclarations'> & Partial<HubConfig> & Partial<Pick<Config, 'webhooks'>>): Promise<Services> {
  const [reference, eventTexts] = await Promise.all([ReferenceData.load(db), EventTexts.load()]);
  const webhookConfig = config.webhooks ?? loadConfig().webhooks;
  const shipments = new ShipmentsService(db, reference, { maxBulk: config.maxBulkDeclarations });
  // Hub zones/aisles/bins from seed/hub-locations.json (additive, idempotent).
  await seedHubLocations(db, reference);
  const hubConfig: HubConfig = {
    hubWeightToleranceGrams: config.hubWeightToleranceGrams ?? DEFAULT_HUB_CONFIG.hubWeightToleranceGrams,
    hubWeightTolerancePercent: config.hubWeightTolerancePercent ?? DEFAULT_HUB_CONFIG.hubWeightTolerancePercent,
    receptacleMaxWeightGrams: config.receptacleMaxWeightGrams ?? DEFAULT_HUB_CONFIG.receptacleMaxWeightGrams,
    hubDwellThresholdsHours: config.hubDwellThresholdsHours ?? DEFAULT_HUB_CONFIG.hubDwellThresholdsHours,
    hubDwellCheckEvery: config.hubDwellCheckEvery ?? DEFAULT_HUB_CONFIG.hubDwellCheckEvery,
  };
  return {
    db,
    reference,
    eventTexts,
    auth: new AuthService(db, reference),
    shipments,
    tracking: new TrackingService(db),
    // CN 35/CN 38 need the hub module: documents.useConsolidationSource(...) once it exists.
    documents: new DocumentsService(db, reference, shipments),
    operations: new OperationsService(db, reference),
    // The customs module replaces noCustomsRisk with its weight re-assessment.
    hub: new HubService(db, reference, await Lanes.load(reference), hubConfig, noCustomsRisk),
    webhooks: new WebhooksService(db, webhookConfig),
    webhookDelivery: new WebhookDeliverer(db, webhookConfig),
    carrierEvents: await CarrierEventsService.create(db, reference),
    handoffs: new HandoffService(db, reference),
  };
}
