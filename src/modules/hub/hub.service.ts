import type { Database } from '../../db/database.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import type { ReferenceData } from '../reference/reference.service.js';
import type { ShipmentStatusPort } from '../shipments/shipment-status.port.js';
import type { RowLocking } from '../shipments/shipments.repository.js';
import { HubConsolidation } from './consolidation/consolidation.service.js';
import type { CarrierHandoffPort } from './carrier-handoff.port.js';
import { noCustomsRisk, type CustomsRiskPort } from './customs-risk.port.js';
import { HubDispatches } from './dispatches.service.js';
import { HubDwell } from './dwell.service.js';
import { DEFAULT_HUB_CONFIG, type HubConfig } from './hub.config.js';
import { HubParcels } from './hub-parcels.service.js';
import { HubScope } from './hub-scope.js';
import type { Lanes } from './lanes.js';
import { HubReceptacles } from './receptacles.service.js';
import { HubScans } from './scans.service.js';

/**
 * The hub module's parts, wired once: resolvers, jobs and other modules call the part they need
 * (`hub.scans.receive`, `hub.dispatches.close` …). Each part is one responsibility in its own file.
 */
export class HubService {
  /** Which hub a caller acts in and which rows it sees. */
  readonly scope: HubScope;
  /** The floor's scans (receive, move, bag), each for many parcels a call. */
  readonly scans: HubScans;
  /** Inventory, one parcel, exceptions, locations. */
  readonly parcels: HubParcels;
  readonly receptacles: HubReceptacles;
  readonly dispatches: HubDispatches;
  readonly consolidation: HubConsolidation;
  readonly dwell: HubDwell;

  constructor(
    db: Database,
    reference: ReferenceData,
    readonly lanes: Lanes,
    readonly config: HubConfig = DEFAULT_HUB_CONFIG,
    ports: { status: ShipmentStatusPort; handoffs: CarrierHandoffPort; customsRisk?: CustomsRiskPort },
    clock: Clock = systemClock,
    /** How multi-parcel row locks are taken: shipments.repository `rowLockingOf`. */
    locking: RowLocking = 'ordered',
  ) {
    const { status, handoffs, customsRisk = noCustomsRisk } = ports;
    this.scope = new HubScope(reference);
    this.scans = new HubScans(db, reference, this.scope, lanes, config, customsRisk, status, clock, locking);
    this.parcels = new HubParcels(db, this.scope, clock);
    this.receptacles = new HubReceptacles(db, reference, this.scope, lanes, status, clock);
    this.dispatches = new HubDispatches(db, reference, this.scope, status, handoffs, clock);
    this.consolidation = new HubConsolidation(db, reference, this.scope, lanes, config.receptacleMaxWeightGrams, this.dispatches, status, clock, locking);
    this.dwell = new HubDwell(db, this.scope, config.hubDwellThresholdsHours, clock);
  }
}
