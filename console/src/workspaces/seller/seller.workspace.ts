import type { Workspace } from '../registry';
import { ParcelList } from './parcels/ParcelList';

/** What a seller works on: declaring parcels, importing sheets, labels, customs requests, webhooks. */
export const sellerWorkspace: Workspace = {
  id: 'seller',
  title: 'seller.title',
  roles: ['SELLER'],
  sections: [
    { id: 'parcels', title: 'seller.parcels.title', Component: ParcelList },
  ],
};
