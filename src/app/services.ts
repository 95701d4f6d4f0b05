import type { Database } from '../db/database.js';
import { loadConfig, type Config } from '../platform/config.js';
import { CarrierEventsService } from '../modules/carriers/carrier-events.service.js';
import { WebhookDeliverer } from '../modules/webhooks/webhook-delivery.js';
import { WebhooksService } from '../modules/webhooks/webhooks.service.js';
import { AuthService } from '../modules/auth/auth.service.js';
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
}

export async function createServices(db: Database, config: Pick<Config, 'maxBulkDeclarations'> & Partial<Pick<Config, 'webhooks'>>): Promise<Services> {
  const [reference, eventTexts] = await Promise.all([ReferenceData.load(db), EventTexts.load()]);
  const webhookConfig = config.webhooks ?? loadConfig().webhooks;
  return {
    db,
    reference,
    eventTexts,
    auth: new AuthService(db, reference),
    shipments: new ShipmentsService(db, reference, { maxBulk: config.maxBulkDeclarations }),
    tracking: new TrackingService(db),
    webhooks: new WebhooksService(db, webhookConfig),
    webhookDelivery: new WebhookDeliverer(db, webhookConfig),
    carrierEvents: await CarrierEventsService.create(db, reference),
  };
}
