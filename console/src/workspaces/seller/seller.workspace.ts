import type { Workspace } from '../registry';
import { DeclareForm } from './declare/DeclareForm';
import { DocumentRequests } from './documents/DocumentRequests';
import { ImportSheet } from './import/ImportSheet';
import { ParcelList } from './parcels/ParcelList';
import { WebhookEndpoints } from './webhooks/WebhookEndpoints';

/** What a seller works on: parcels, declaring one, importing a sheet, customs requests, webhooks. */
export const sellerWorkspace: Workspace = {
  id: 'seller',
  title: 'seller.title',
  roles: ['SELLER'],
  sections: [
    { id: 'parcels', title: 'seller.parcels.title', Component: ParcelList },
    { id: 'declare', title: 'seller.declare.title', Component: DeclareForm },
    { id: 'import', title: 'seller.import.title', Component: ImportSheet },
    { id: 'documents', title: 'seller.documents.title', Component: DocumentRequests },
    { id: 'webhooks', title: 'seller.webhooks.title', Component: WebhookEndpoints },
  ],
};
