import type { Clock } from '../../platform/clock.js';
import type { Queryable } from '../../db/database.js';
import { badInput } from '../../platform/errors.js';
import { isFailure } from '../../platform/failure.js';
import { appendAudit } from '../audit/audit.repository.js';
import type { Actor } from '../auth/principal.js';
import type { ReferenceData } from '../reference/reference.service.js';
import type { DeclaredShipment } from '../shipments/shipments.service.js';
import { findShipments, linesForShipments } from '../shipments/shipments.repository.js';
import type { ChangeJournal } from '../journal/change-journal.js';
import { linesToAssess, type CustomsAssessor } from './assessment.js';
import * as repo from './customs.repository.js';
import { customsMachine, presentationEvent, trackingEventFor, type CustomsState } from './customs.state-machine.js';
import type { DeclarationRow } from './customs.types.js';
import { LANE_RANK } from './risk/risk.engine.js';
import type { CustomsTransitions } from './transitions.js';

/** Customs when the parcel reaches the hub: physical presentation, and a risk re-check when the scale disagrees. */
export class CustomsAtHub {
  constructor(
    private readonly reference: ReferenceData,
    private readonly assessor: CustomsAssessor,
    private readonly transitions: CustomsTransitions,
    private readonly clock: Clock,
  ) {}

  /**
   * Re-runs the risk rules when the hub's scale disagrees with the declaration; call inside the
   * hub's own transaction. A worse lane moves the declaration to review (recalling a release).
   */
  async recheckWeight(tx: Queryable, actor: Actor, shipmentId: string, measuredWeightG: number, requestId?: string): Promise<DeclarationRow | undefined> {
    if (!Number.isInteger(measuredWeightG) || measuredWeightG < 1) throw badInput('A measured weight is a whole number of grams, at least 1.');
    const [row] = await repo.findDeclarations(tx, {}, [shipmentId], true);
    if (!row) return undefined;
    const [shipment] = await findShipments(tx, {}, { ids: [shipmentId] });
    const lines = (await linesForShipments(tx, [shipmentId])).get(shipmentId) ?? [];
    const declared: DeclaredShipment = {
      shipment,
      declaration: {
        input: { importerReference: (shipment.customsDetails as { importerReference?: string | null }).importerReference ?? null } as DeclaredShipment['declaration']['input'],
        lines,
        currency: shipment.currency, totalValueMinor: shipment.totalValueMinor, valueSdrMinor: shipment.valueSdrMinor, netWeightGrams: shipment.netWeightG,
        customsForm: shipment.customsForm as 'CN22' | 'CN23', ratesDate: shipment.ratesDate,
      },
    };
    // The weight decides the EAEU charge: re-assess with the measured weight.
    const assessedLines = linesToAssess(declared);
    const assessment = this.assessor.assess({ ...declared, shipment: { ...shipment, grossWeightG: measuredWeightG } }, 0, assessedLines);
    const risk = this.assessor.risk(declared, assessment, { parcels: 0, valueSdrMinor: 0 }, assessedLines, measuredWeightG);
    const run = (await repo.maxRiskRun(tx, shipmentId)) + 1;
    await repo.insertAssessments(tx, [{ shipmentId, assessment }]);
    await repo.insertRiskHits(tx, risk.hits.map((hit) => ({ shipmentId, run, hit })));
    const worse = LANE_RANK[risk.lane] < LANE_RANK[row.lane];
    const lane = worse ? risk.lane : row.lane;
    await repo.updateRisk(tx, shipmentId, { score: risk.score, lane, laneRank: LANE_RANK[lane], dueMinor: assessment.dueMinor, dueCurrency: assessment.currency }, this.clock.now());
    await appendAudit(tx, [{
      actor, action: 'customs.weight_rechecked', entityType: 'shipment', entityId: shipmentId,
      before: { grossWeightG: shipment.grossWeightG, score: row.score, lane: row.lane, dueMinor: row.dueMinor },
      after: { measuredWeightG, score: risk.score, lane, dueMinor: assessment.dueMinor, hits: risk.hits.map((h) => h.code) },
      reason: 'The hub reported a weight that differs from the declaration.', requestId,
    }]);
    const [current] = await repo.findDeclarations(tx, {}, [shipmentId]);
    const target: CustomsState | undefined = !worse ? undefined : risk.lane === 'RED' && row.state === 'ASSESSED' ? 'HELD_FOR_INSPECTION' : 'UNDER_REVIEW';
    if (target && customsMachine.canTransition(current.state, target)) {
      const outcome = await this.transitions.one(tx, current, target, current.version, actor, {
        reason: `Weight re-check: lane ${risk.lane}, score ${risk.score}.`, requestId, action: 'customs.recheck',
      });
      if (!isFailure(outcome)) return outcome;
    }
    return current;
  }

  /**
   * The hub received the parcels: physically presented to customs now. Their timelines get EXA
   * (EDB for imports) and the event of the state customs had reached on the declaration alone
   * (EXC released, EXB held …), added to the receipt's journal; from now on each decision writes its
   * event as it happens.
   */
  async presented(tx: Queryable, shipmentIds: readonly string[], at: Date, journal: ChangeJournal): Promise<void> {
    const rows = await repo.markPresented(tx, shipmentIds, at);
    const events = journal.events;
    for (const row of rows) {
      const hub = this.reference.hubById(row.hubId);
      const office = hub?.officeOfExchange ?? null;
      const countryCode = hub?.countryCode ?? null;
      const detail = { state: row.state };
      events.push({ shipmentId: row.shipmentId, code: presentationEvent(row.direction), occurredAt: at, office, countryCode, source: 'customs', detail });
      const reached = trackingEventFor(row.direction, row.state);
      if (reached) events.push({ shipmentId: row.shipmentId, code: reached, occurredAt: at, office, countryCode, source: 'customs', detail });
    }
  }
}
