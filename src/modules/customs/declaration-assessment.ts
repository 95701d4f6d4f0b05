import type { Clock } from '../../platform/clock.js';
import type { Assessment } from '../../standards/tax/index.js';
import type { ReferenceData } from '../reference/reference.service.js';
import type { DeclarationListener } from '../shipments/shipments.service.js';
import { addresseeKey, linesToAssess, type CustomsAssessor } from './assessment.js';
import * as repo from './customs.repository.js';
import { PUBLIC_STATUS, type CustomsState, type Direction } from './customs.state-machine.js';
import type { DeclarationRow } from './customs.types.js';
import { LANE_RANK, type RiskResult } from './risk/risk.engine.js';
import type { CustomsTransitions, Transition } from './transitions.js';

/** A transition at declaration: with the parcel's assessment, and whether it is the parcel's last (the one announced). */
interface DeclarationTransition extends Transition {
  assessment: Assessment;
  last: boolean;
}

/** Customs at declaration: every declared parcel assessed and routed to a lane inside the declaring transaction. */
export class CustomsAtDeclaration {
  constructor(
    private readonly reference: ReferenceData,
    private readonly assessor: CustomsAssessor,
    private readonly transitions: CustomsTransitions,
    private readonly clock: Clock,
    /** On a Citus cluster the addressee window has a table of its own, keyed by addressee (customs.repository addresseeStats). */
    private readonly keyedAddressees: boolean,
  ) {}

  /** Declaration listener: assesses duty/tax and risk for a whole batch, set-based. */
  readonly onDeclared: DeclarationListener = async (tx, declared, { actor, requestId, journal }) => {
    if (!declared.length) return;
    const now = this.clock.now();
    // A move on from ASSESSED (to review or inspection) is timed a millisecond later, so timelines order it second.
    const afterAssessment = new Date(now.getTime() + 1);
    const keys = declared.map((d) => addresseeKey(d.shipment.destinationCountry, d.shipment.addressee.name, d.shipment.addressee.postcode, d.declaration.input.importerReference));
    const stats = await repo.addresseeStats(tx, [...new Set(keys)], this.assessor.addresseeWindowHours, now, this.keyedAddressees);

    const declarations: repo.NewDeclaration[] = [];
    const assessments: { shipmentId: string; assessment: Assessment }[] = [];
    const hits: { shipmentId: string; run: number; hit: RiskResult['hits'][number] }[] = [];
    const transitions: DeclarationTransition[] = [];
    declared.forEach((d, i) => {
      const s = d.shipment;
      const key = keys[i];
      const window = stats.get(key) ?? { parcels: 0, valueSdrMinor: 0, cbecYearMinor: 0 };
      const lines = linesToAssess(d);
      const assessment = this.assessor.assess(d, window.cbecYearMinor, lines);
      const risk = this.assessor.risk(d, assessment, window, lines);
      const hub = this.reference.hubById(s.hubId);
      const direction: Direction = s.destinationCountry === hub?.countryCode ? 'IMPORT' : 'EXPORT';
      const state: CustomsState = risk.lane === 'GREEN' ? 'ASSESSED' : risk.lane === 'AMBER' ? 'UNDER_REVIEW' : 'HELD_FOR_INSPECTION';
      const cbec = assessment.regime === 'CN' && assessment.basis === 'CBEC' ? assessment.valueMinor : 0;
      stats.set(key, { parcels: window.parcels + 1, valueSdrMinor: window.valueSdrMinor + s.valueSdrMinor, cbecYearMinor: window.cbecYearMinor + cbec });
      declarations.push({
        shipmentId: s.id, hubId: s.hubId, sellerOrgId: s.sellerOrgId, direction, state, version: state === 'ASSESSED' ? 1 : 2, lane: risk.lane, laneRank: LANE_RANK[risk.lane], score: risk.score,
        regime: assessment.regime, ruleVersion: assessment.ruleVersion, dueCurrency: assessment.currency, dueMinor: assessment.dueMinor,
        addresseeKey: key, valueSdrMinor: s.valueSdrMinor, cbecValueMinor: cbec, declaredAt: s.declaredAt,
      });
      assessments.push({ shipmentId: s.id, assessment });
      for (const hit of risk.hits) hits.push({ shipmentId: s.id, run: 1, hit });
      const row: DeclarationRow = {
        shipmentId: s.id, hubId: s.hubId, sellerOrgId: s.sellerOrgId, trackingNumber: s.trackingNumber, destinationCountry: s.destinationCountry,
        direction, state: 'ASSESSED', lane: risk.lane, score: risk.score, version: 1, regime: assessment.regime, ruleVersion: assessment.ruleVersion,
        dueCurrency: assessment.currency, dueMinor: assessment.dueMinor, paidMinor: 0, declaredAt: s.declaredAt, assessedAt: now, stateChangedAt: now, escalatedAt: null, presentedAt: null,
      };
      transitions.push({ row, from: 'SUBMITTED', to: 'ASSESSED', occurredAt: now, assessment, last: state === 'ASSESSED' });
      // The second move starts from the row as it stands: ASSESSED, version 1.
      if (state !== 'ASSESSED') transitions.push({ row, from: 'ASSESSED', to: state, occurredAt: afterAssessment, assessment, last: true });
    });

    // The shipments are inserted with their final customs state, so no status UPDATE here.
    this.transitions.journal(journal, transitions, actor, {
      requestId,
      reason: (t) => (t.from === 'SUBMITTED' ? null : `Risk lane ${t.row.lane}, score ${t.row.score}.`),
      outbox: (t) => t.last,
      topic: 'customs.assessed',
      payloadExtra: ({ assessment: a }) => ({ regime: a.regime, ruleVersion: a.ruleVersion, due: { amountMinor: a.dueMinor, currency: a.currency }, duty: a.dutyMinor, tax: a.taxMinor }),
    });

    declared.forEach((d, i) => {
      const state = declarations[i].state;
      d.shipment.customsStatus = state;
      const status = PUBLIC_STATUS[state];
      if (status !== d.shipment.status) {
        d.shipment.status = status;
        d.shipment.version += 1;
      }
      d.shipment.updatedAt = now;
    });
    return async (tx) => {
      await repo.insertDeclarations(tx, declarations, now);
      if (this.keyedAddressees) await repo.insertAddresseeKeys(tx, declarations);
      await repo.insertAssessments(tx, assessments);
      await repo.insertRiskHits(tx, hits);
    };
  };
}
