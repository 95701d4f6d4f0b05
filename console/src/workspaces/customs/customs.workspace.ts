import type { Workspace } from '../registry';
import { GreenChannel } from './green/GreenChannel';
import { EscalationQueue, ReviewQueue } from './queue/ReviewQueue';

/** What a customs officer works on: the review queue by lane, the green channel, escalations. */
export const customsWorkspace: Workspace = {
  id: 'customs',
  title: 'customs.title',
  roles: ['CUSTOMS_OFFICER', 'ADMIN'],
  sections: [
    { id: 'queue', title: 'customs.queue.title', Component: ReviewQueue },
    { id: 'green', title: 'customs.green.title', Component: GreenChannel },
    { id: 'escalations', title: 'customs.escalations.title', Component: EscalationQueue },
  ],
};
