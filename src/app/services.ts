import type { Database } from '../db/database.js';
import type { Config } from '../platform/config.js';
import { AuthService } from '../modules/auth/auth.service.js';
import { DocumentsService } from '../modules/documents/documents.service.js';
import { OperationsService } from '../modules/operations/operations.service.js';
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
  documents: DocumentsService;
  operations: OperationsService;
}

export async function createServices(db: Database, config: Pick<Config, 'maxBulkDeclarations'>): Promise<Services> {
  const [reference, eventTexts] = await Promise.all([ReferenceData.load(db), EventTexts.load()]);
  const shipments = new ShipmentsService(db, reference, { maxBulk: config.maxBulkDeclarations });
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
  };
}
