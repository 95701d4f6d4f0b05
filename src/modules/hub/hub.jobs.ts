import type { JobDefinition } from '../../platform/jobs.js';
import type { HubService } from './hub.service.js';

/** The hub's scheduled work, for the scheduler to register (the hub never imports Agenda). */
export function hubJobs(hub: HubService): JobDefinition[] {
  return [
    {
      name: 'hub.dwell-check',
      every: hub.config.hubDwellCheckEvery,
      run: () => hub.dwell.check(),
    },
  ];
}
