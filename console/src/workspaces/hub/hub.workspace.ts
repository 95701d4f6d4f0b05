import type { Workspace } from '../registry';
import { Alerts } from './alerts/Alerts';
import { Bags } from './bags/Bags';
import { Dashboard } from './dashboard/Dashboard';
import { Dispatches } from './dispatches/Dispatches';
import { ScanStation } from './scan/ScanStation';

/** What hub staff work on: the scan station, bags, dispatches, exceptions and the day's figures. */
export const hubWorkspace: Workspace = {
  id: 'hub',
  title: 'hub.title',
  roles: ['HUB_OPERATOR', 'ADMIN'],
  sections: [
    { id: 'scan', title: 'hub.scan.title', Component: ScanStation },
    { id: 'bags', title: 'hub.bags.title', Component: Bags },
    { id: 'dispatches', title: 'hub.dispatches.title', Component: Dispatches },
    { id: 'alerts', title: 'hub.alerts.title', Component: Alerts },
    { id: 'dashboard', title: 'hub.dashboard.title', Component: Dashboard },
  ],
};
