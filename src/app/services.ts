import type { Database } from '../db/database.js';
import type { Config } from '../platform/config.js';
import { AuthService } from '../modules/auth/auth.service.js';
import { CustomsService } from '../modules/customs/customs.service.js';
import { TestWalletProvider, type PaymentProvider } from '../modules/customs/payments.js';
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
  customs: CustomsService;
}

type CustomsConfig = Pick<Config, 'greenChannelEvery' | 'greenChannelBatch' | 'greenChannelMaxPerRun' | 'escalateAfterMinutes' | 'escalationEvery'>;

export async function createServices(
  db: Database,
  config: Pick<Config, 'maxBulkDeclarations'> & Partial<CustomsConfig>,
  payments: PaymentProvider = new TestWalletProvider(),
): Promise<Services> {
  const [reference, eventTexts] = await Promise.all([ReferenceData.load(db), EventTexts.load()]);
  const customs = new CustomsService(db, reference, await CustomsService.loadData(reference), payments, {
    greenChannelEvery: config.greenChannelEvery ?? '10 seconds',
    greenChannelBatch: config.greenChannelBatch ?? 5000,
    greenChannelMaxPerRun: config.greenChannelMaxPerRun ?? 100_000,
    escalateAfterMinutes: config.escalateAfterMinutes ?? 240,
    escalationEvery: config.escalationEvery ?? '1 minute',
  });
  const shipments = new ShipmentsService(db, reference, { maxBulk: config.maxBulkDeclarations });
  // Customs assesses every declaration inside the declaring transaction.
  shipments.onDeclared(customs.onDeclared);
  return {
    db,
    reference,
    eventTexts,
    auth: new AuthService(db, reference),
    shipments,
    tracking: new TrackingService(db),
    customs,
  };
}
