import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../../db/database.js';
import { AppError, badInput, forbidden, notFound } from '../../platform/errors.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import { isUuid } from '../../platform/ids.js';
import { inTransaction } from '../../platform/transaction.js';
import { decodeCursor, encodeCursor, pageOf, pageSize } from '../../platform/pagination.js';
import { isoTime } from '../../platform/iso-time.js';
import type { JobDefinition } from '../../platform/jobs.js';
import { formatMoney } from '../../standards/money.js';
import { assessDutyAndTax, TaxRuleError, type Assessment, type TaxLineInput, type TaxRules } from '../../standards/tax/index.js';
import { appendAudit, auditTrail, type AuditEntry, type AuditRecord } from '../audit/audit.repository.js';
import { actorId, type Actor, type Principal, type SystemActor } from '../auth/principal.js';
import { ChangeJournal } from '../journal/change-journal.js';
import { readSeed } from '../reference/reference.seeder.js';
import type { ReferenceData } from '../reference/reference.service.js';
import type { DeclarationListener, DeclaredShipment } from '../shipments/shipments.service.js';
import type { ShipmentStatusPort } from '../shipments/shipment-status.port.js';
import { findShipments, linesForShipments } from '../shipments/shipments.repository.js';
import { appendTrackingEvents, type NewTrackingEvent } from '../tracking/tracking.repository.js';
import type { CustomsErrorCode } from './customs.errors.js';
import * as repo from './customs.repository.js';
import { customsMachine, presentationEvent, PUBLIC_STATUS, trackingEventFor, type CustomsState, type Direction } from './customs.state-machine.js';
import type { PaymentProvider } from './payments.js';
import { compileRiskData, evaluateRisk, LANE_RANK, type DeniedPartiesSeed, type RiskResult, type RiskRulesSeed } from './risk/risk.engine.js';
import { normaliseName } from './risk/similarity.js';
import type { RiskContext, RiskData, RiskLine, RiskParty, RiskRule } from './risk/risk.types.js';
import { DEFAULT_RISK_RULES } from './risk/rules.js';

export type DeclarationRow = repo.DeclarationRow;
export type Decision = 'RELEASE' | 'HOLD' | 'INSPECT' | 'REQUEST_DOCUMENTS' | 'REJECT' | 'SEIZE' | 'RETURN_TO_SENDER';
export type InspectionOutcome = 'CLEAR' | 'DISCREPANCY' | 'PROHIBITED_GOODS';

export const GREEN_CHANNEL_ACTOR: SystemActor = { kind: 'system', name: 'system:green-channel' };
export const ESCALATION_ACTOR: SystemActor = { kind: 'system', name: 'system:customs-escalation' };

/** A transition that could not happen, returned as data (VersionConflict / IllegalTransition in the SDL). */
export type TransitionFailure =
  | { errorCode: 'CONFLICT'; message: string; expectedVersion: number; currentVersion: number; currentState: CustomsState }
  | { errorCode: 'ILLEGAL_TRANSITION'; message: string; from: CustomsState; to: CustomsState };

export type TransitionOutcome = { declaration: DeclarationRow } | { failure: TransitionFailure };

export type PaymentOutcome =
  | { payment: repo.PaymentRow; declaration: DeclarationRow; replayed: boolean }
  | { rejection: { errorCode: CustomsErrorCode; message: string } };

export interface CustomsOptions {
  /** Declarations the green channel releases per statement. */
  greenChannelBatch: number;
  /** Most declarations one green-channel run releases (it loops over batches). */
  greenChannelMaxPerRun: number;
  greenChannelEvery: string;
  escalateAfterMinutes: number;
  escalationEvery: string;
}

export interface CustomsData {
  risk: RiskData;
}

interface Transition {
  row: DeclarationRow;
  from: CustomsState;
  to: CustomsState;
  occurredAt?: Date;
}

const DECISION_TARGET: Record<Exclude<Decision, 'RELEASE'>, CustomsState> = {
  HOLD: 'HELD_FOR_INSPECTION',
  INSPECT: 'HELD_FOR_INSPECTION',
  REQUEST_DOCUMENTS: 'DOCUMENTS_REQUESTED',
  REJECT: 'REJECTED',
  SEIZE: 'SEIZED',
  RETURN_TO_SENDER: 'RETURNED_TO_SENDER',
};

const DEFAULT_QUEUE_STATES: CustomsState[] = ['UNDER_REVIEW', 'HELD_FOR_INSPECTION'];
/** Not yet decided: waiting for the green channel (ASSESSED) or an officer. DUTY_DUE waits for a payment, not customs. */
export const WAITING_STATES: readonly CustomsState[] = ['ASSESSED', 'UNDER_REVIEW', 'HELD_FOR_INSPECTION', 'DOCUMENTS_REQUESTED'];
const MAX_TEXT = 2000;

/**
 * Customs: assessment and risk at declaration (inside the declaring transaction), the officer
 * workflow, seller responses and payments, and the green-channel and escalation jobs. Every state
 * change writes its tracking event, audit record and outbox message in the same transaction.
 */
interface RecordOptions<T extends Transition = Transition> {
  requestId?: string | null;
  reason?: (t: T) => string | null;
  action?: string;
  topic?: string;
  outbox?: (t: T) => boolean;
  payloadExtra?: (t: T) => Record<string, unknown>;
  auditExtra?: (t: T) => Record<string, unknown>;
}

/** A transition at declaration: with the parcel's assessment, and whether it is the parcel's last (the one announced). */
interface DeclarationTransition extends Transition {
  assessment: Assessment;
  last: boolean;
}

export class CustomsService {
  constructor(
    private readonly db: Database,
    private readonly reference: ReferenceData,
    private readonly data: CustomsData,
    private readonly payments: PaymentProvider,
    readonly options: CustomsOptions,
    private readonly status: ShipmentStatusPort,
    private readonly riskRules: readonly RiskRule[] = DEFAULT_RISK_RULES,
    private readonly clock: Clock = systemClock,
  ) {}

  static async loadData(reference: ReferenceData): Promise<CustomsData> {
    const [riskRules, denied] = await Promise.all([
      readSeed<RiskRulesSeed>('risk-rules.json'),
      readSeed<DeniedPartiesSeed>('denied-parties.json'),
    ]);
    return { risk: compileRiskData(riskRules, denied, reference.declarationRules) };
  }

  // ---------------------------------------------------------------- assessment at declaration

  /** Declaration listener: assesses duty/tax and risk for a whole batch, set-based. */
  readonly onDeclared: DeclarationListener = async (tx, declared, { actor, requestId, journal }) => {
    if (!declared.length) return;
    const now = this.clock.now();
    // A move on from ASSESSED (to review or inspection) is timed a millisecond later, so timelines order it second.
    const afterAssessment = new Date(now.getTime() + 1);
    const keys = declared.map((d) => addresseeKey(d.shipment.destinationCountry, d.shipment.addressee.name, d.shipment.addressee.postcode, d.declaration.input.importerReference));
    const stats = await repo.addresseeStats(tx, [...new Set(keys)], this.data.risk.splitShipment.windowHours);

    const declarations: repo.NewDeclaration[] = [];
    const assessments: { shipmentId: string; assessment: Assessment }[] = [];
    const hits: { shipmentId: string; run: number; hit: RiskResult['hits'][number] }[] = [];
    const transitions: DeclarationTransition[] = [];
    declared.forEach((d, i) => {
      const s = d.shipment;
      const key = keys[i];
      const window = stats.get(key) ?? { parcels: 0, valueSdrMinor: 0, cbecYearMinor: 0 };
      const lines = linesToAssess(d);
      const assessment = this.assess(d, window.cbecYearMinor, lines);
      const risk = this.risk(d, assessment, window, lines);
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
    this.journalTransitions(journal, transitions, actor, {
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
      await repo.insertAssessments(tx, assessments);
      await repo.insertRiskHits(tx, hits);
    };
  };

  private assess(d: DeclaredShipment, cbecYearMinor: number, lines: AssessedLine[]): Assessment {
    const s = d.shipment;
    try {
      return assessDutyAndTax(
        {
          destination: s.destinationCountry,
          destinationIsEu: this.reference.countries.get(s.destinationCountry)?.euMember ?? false,
          declaredOn: s.ratesDate,
          category: s.category,
          lines,
          grossWeightG: s.grossWeightG,
          iossNumber: s.iossNumber,
          taxId: s.taxId,
          buyerYearToDateMinor: cbecYearMinor,
        },
        // Loaded regime versions included (ReferenceData's RegimeBook).
        this.reference.regimes.current,
        this.reference,
      );
    } catch (error) {
      if (!(error instanceof TaxRuleError)) throw error;
      // The parcel is declared; an officer assesses it by hand (the risk step routes it to review).
      return {
        regime: 'GENERIC', basis: 'UNASSESSED', ruleVersion: 'none', currency: s.currency, valueMinor: s.totalValueMinor, lines: [], dutyMinor: 0, taxMinor: 0,
        dueMinor: 0, collectedAtSaleMinor: 0, thresholds: [], inputs: { error: error.message }, notes: [`Not assessed automatically: ${error.message}`],
      };
    }
  }

  private risk(d: DeclaredShipment, assessment: Assessment, window: { parcels: number; valueSdrMinor: number }, lines: AssessedLine[], measuredWeightG?: number): RiskResult {
    const ctx = new DeclarationRiskContext(d.shipment, lines, assessment, window, measuredWeightG, this.reference, this.data.risk.referenceCurrency);
    const result = evaluateRisk(ctx, this.data.risk, this.riskRules);
    if (assessment.basis === 'UNASSESSED') {
      const weight = Math.max(0, this.data.risk.lanes.amberFrom - result.score);
      if (weight > 0 || result.lane === 'GREEN') {
        const hit = { code: 'ASSESSMENT_FAILED', weight, explanation: `Duty and tax could not be assessed automatically (${String(assessment.inputs.error)}); an officer must assess it.` };
        return { score: result.score + weight, lane: result.lane === 'GREEN' ? 'AMBER' : result.lane, hits: [...result.hits, hit] };
      }
    }
    return result;
  }

  // ---------------------------------------------------------------- writing transitions

  /** Writes shipments' customs and public status, tracking events, audit and outbox for many transitions at once. */
  private async record(tx: Queryable, transitions: readonly Transition[], actor: Actor, opts: RecordOptions): Promise<void> {
    if (!transitions.length) return;
    const journal = new ChangeJournal();
    this.journalTransitions(journal, transitions, actor, opts);
    // The customs state rides along in the status owner's one UPDATE per batch.
    await this.status.changeStatus(
      tx,
      transitions.map((t) => ({ shipmentId: t.row.shipmentId, to: PUBLIC_STATUS[t.to], customsStatus: t.to, reason: opts.reason?.(t) ?? null, occurredAt: t.occurredAt })),
      { actor, source: 'customs', requestId: opts.requestId, journal, now: transitions[0].occurredAt ?? this.clock.now() },
    );
    await journal.flush(tx);
  }

  /** Each transition's tracking event, audit record and outbound message. */
  private journalTransitions<T extends Transition>(journal: ChangeJournal, transitions: readonly T[], actor: Actor, opts: RecordOptions<T>): void {
    for (const t of transitions) {
      const hub = this.reference.hubById(t.row.hubId);
      const event = trackingEventFor(t.row.direction, t.to);
      const reason = opts.reason?.(t) ?? null;
      // Before the parcel is presented, decisions rest on the declaration alone: the timeline shows them at presentation.
      if (event && t.row.presentedAt) {
        journal.events.push({
          shipmentId: t.row.shipmentId,
          code: event,
          occurredAt: t.occurredAt,
          office: hub?.officeOfExchange ?? null,
          countryCode: hub?.countryCode ?? null,
          source: 'customs',
          detail: { state: t.to },
        });
      }
      const after: Record<string, unknown> = { customsState: t.to, version: t.row.version + (t.from === 'SUBMITTED' ? 0 : 1), lane: t.row.lane, score: t.row.score };
      if (opts.auditExtra) Object.assign(after, opts.auditExtra(t));
      journal.audit.push({
        actor,
        action: opts.action ?? `customs.${t.to.toLowerCase()}`,
        entityType: 'shipment',
        entityId: t.row.shipmentId,
        before: { customsState: t.from, version: t.from === 'SUBMITTED' ? 0 : t.row.version },
        after,
        reason,
        requestId: opts.requestId ?? null,
      });
      if (opts.outbox && !opts.outbox(t)) continue;
      const payload: Record<string, unknown> = {
        trackingNumber: t.row.trackingNumber,
        from: t.from,
        to: t.to,
        status: PUBLIC_STATUS[t.to],
        event,
        direction: t.row.direction,
        reason,
        occurredAt: isoTime(t.occurredAt ?? this.clock.now()),
      };
      if (opts.payloadExtra) Object.assign(payload, opts.payloadExtra(t));
      journal.outbox.push({
        topic: opts.topic ?? 'customs.decision',
        aggregateType: 'shipment',
        aggregateId: t.row.shipmentId,
        sellerOrgId: t.row.sellerOrgId,
        payload,
      });
    }
  }

  /**
   * One checked transition in the caller's transaction: legal in the table, and the version still
   * the expected one (the UPDATE re-checks it, so of two concurrent officers exactly one wins).
   */
  private async transitionOne(
    tx: Queryable,
    row: DeclarationRow,
    to: CustomsState,
    expectedVersion: number,
    actor: Actor,
    opts: { reason?: string | null; requestId?: string | null; action?: string; paidMinorDelta?: number; auditExtra?: Record<string, unknown> },
  ): Promise<TransitionOutcome> {
    if (row.version !== expectedVersion) return { failure: conflict(row, expectedVersion) };
    if (!customsMachine.canTransition(row.state, to)) {
      return { failure: { errorCode: 'ILLEGAL_TRANSITION', message: `${customsMachine.name} cannot move from ${row.state} to ${to}.`, from: row.state, to } };
    }
    const updated = await repo.updateState(tx, row.shipmentId, expectedVersion, to, { paidMinorDelta: opts.paidMinorDelta });
    if (!updated) {
      const [current] = await repo.findDeclarations(tx, {}, [row.shipmentId]);
      return { failure: conflict(current ?? row, expectedVersion) };
    }
    await this.record(tx, [{ row, from: row.state, to }], actor, {
      requestId: opts.requestId,
      reason: () => opts.reason ?? null,
      action: opts.action,
      auditExtra: () => opts.auditExtra ?? {},
    });
    const [after] = await repo.findDeclarations(tx, {}, [row.shipmentId]);
    return { declaration: after };
  }

  /** Runs fn in a transaction and rolls back when it returns a failure, so nothing is written. */
  private inTransaction<T extends object>(fn: (tx: Queryable) => Promise<T | { failure: TransitionFailure }>): Promise<T | { failure: TransitionFailure }> {
    return inTransaction(this.db, fn, (r): r is { failure: TransitionFailure } => 'failure' in r);
  }

  // ---------------------------------------------------------------- officers

  scopeFor(principal: Principal): repo.Scope {
    switch (principal.role) {
      case 'CUSTOMS_OFFICER':
        if (!principal.hubId) throw forbidden('This officer key belongs to no hub.');
        return { hubId: principal.hubId };
      case 'ADMIN':
        return {};
      case 'SELLER':
        if (!principal.organizationId) throw forbidden();
        return { sellerOrgId: principal.organizationId };
      default:
        throw forbidden('Customs declarations are for customs officers, admins and the declaring seller.');
    }
  }

  async queue(principal: Principal, filter: { states?: readonly CustomsState[] | null; lanes?: readonly string[] | null; escalatedOnly?: boolean | null; destinationCountry?: string | null }, first: number, after?: string | null) {
    pageSize(first);
    const rows = await repo.queue(
      this.db,
      this.scopeFor(principal),
      {
        states: filter.states?.length ? filter.states : DEFAULT_QUEUE_STATES,
        lanes: filter.lanes ?? undefined,
        escalatedOnly: filter.escalatedOnly ?? false,
        destinationCountry: filter.destinationCountry?.toUpperCase() ?? undefined,
      },
      first,
      after ? decodeQueueCursor(after) : undefined,
    );
    return pageOf(rows, first);
  }

  /**
   * Declarations still waiting for customs — green ones for the green channel, amber and red ones
   * for an officer — per lane, RED first, for one hub (null: all hubs). Read by the operations
   * dashboard; the caller has checked the role and scope.
   */
  waitingByLane(hubId: string | null): Promise<repo.LaneQueueRow[]> {
    return repo.countByLane(this.db, hubId, WAITING_STATES);
  }

  async get(principal: Principal, shipmentId: string): Promise<DeclarationRow | null> {
    if (!isUuid(shipmentId)) return null;
    return (await repo.findDeclarations(this.db, this.scopeFor(principal), [shipmentId]))[0] ?? null;
  }

  async decide(
    principal: Principal,
    shipmentId: string,
    decision: Decision,
    input: { reason?: string | null; expectedVersion: number; documents?: readonly string[] | null },
    requestId?: string,
  ): Promise<TransitionOutcome> {
    const reason = input.reason?.trim() || null;
    if (decision !== 'RELEASE' && !reason) throw new AppError<CustomsErrorCode>('REASON_REQUIRED', `A ${decision} decision needs a reason the seller and the audit can read.`);
    if (reason && reason.length > MAX_TEXT) throw badInput(`A reason has at most ${MAX_TEXT} characters.`);
    const documents = (input.documents ?? []).map((d) => d.trim()).filter(Boolean);
    if (decision !== 'REQUEST_DOCUMENTS' && documents.length) throw badInput('documents go only with REQUEST_DOCUMENTS.');
    if (documents.length > 20 || documents.some((d) => d.length > 200)) throw badInput('At most 20 documents of up to 200 characters each.');
    const scope = this.scopeFor(principal);
    if (!isUuid(shipmentId)) throw notFound('Customs declaration');
    return this.inTransaction(async (tx) => {
      const [row] = await repo.findDeclarations(tx, scope, [shipmentId]);
      if (!row) throw notFound('Customs declaration');
      const to = decision === 'RELEASE' ? this.releaseTarget(row) : DECISION_TARGET[decision];
      const outcome = await this.transitionOne(tx, row, to, input.expectedVersion, principal, {
        reason, requestId, action: `customs.decision.${decision.toLowerCase()}`, auditExtra: documents.length ? { documents } : undefined,
      });
      if ('declaration' in outcome && decision === 'REQUEST_DOCUMENTS') {
        await repo.insertDocumentRequest(tx, {
          id: randomUUID(), shipmentId, documents: documents.length ? documents : ['Documents named in the message'], message: reason!, requestedBy: actorId(principal),
        });
      }
      return outcome;
    });
  }

  private releaseTarget(row: DeclarationRow): CustomsState {
    return row.direction === 'IMPORT' && row.dueMinor > row.paidMinor ? 'DUTY_DUE' : 'RELEASED';
  }

  async recordInspection(principal: Principal, shipmentId: string, outcome: InspectionOutcome, findings: string, expectedVersion: number, requestId?: string): Promise<TransitionOutcome> {
    const text = findings.trim();
    if (!text) throw badInput('Describe what the inspection found.');
    if (text.length > MAX_TEXT) throw badInput(`Findings have at most ${MAX_TEXT} characters.`);
    const scope = this.scopeFor(principal);
    if (!isUuid(shipmentId)) throw notFound('Customs declaration');
    return this.inTransaction(async (tx) => {
      const [row] = await repo.findDeclarations(tx, scope, [shipmentId]);
      if (!row) throw notFound('Customs declaration');
      if (row.state !== 'HELD_FOR_INSPECTION' && row.version === expectedVersion) {
        return { failure: { errorCode: 'ILLEGAL_TRANSITION' as const, message: `An inspection result needs a declaration held for inspection; this one is ${row.state}.`, from: row.state, to: 'RELEASED' as CustomsState } };
      }
      const to: CustomsState = outcome === 'CLEAR' ? this.releaseTarget(row) : outcome === 'DISCREPANCY' ? 'REJECTED' : 'SEIZED';
      const result = await this.transitionOne(tx, row, to, expectedVersion, principal, {
        reason: text, requestId, action: `customs.inspection.${outcome.toLowerCase()}`, auditExtra: { inspection: outcome },
      });
      if ('declaration' in result) await repo.insertInspection(tx, { id: randomUUID(), shipmentId, outcome, findings: text, recordedBy: actorId(principal) });
      return result;
    });
  }

  async auditTrail(principal: Principal, entityId: string): Promise<AuditRecord[]> {
    if (principal.role !== 'ADMIN') {
      // Officers see the trail of their hub's parcels; sellers of their own.
      if (!isUuid(entityId)) return [];
      const scope = principal.role === 'SELLER' ? { sellerOrgId: principal.organizationId ?? undefined } : { hubId: principal.hubId ?? undefined };
      if (!(await findShipments(this.db, scope, { ids: [entityId] })).length) return [];
    }
    return auditTrail(this.db, entityId);
  }

  // ---------------------------------------------------------------- sellers

  async respondToDocumentRequest(principal: Principal, requestId: string, response: string, references: readonly string[] | null | undefined, httpRequestId?: string): Promise<TransitionOutcome> {
    const text = response.trim();
    if (!text) throw badInput('Write an answer to the document request.');
    if (text.length > MAX_TEXT) throw badInput(`An answer has at most ${MAX_TEXT} characters.`);
    const refs = (references ?? []).map((r) => r.trim()).filter(Boolean);
    if (refs.length > 20 || refs.some((r) => r.length > 200)) throw badInput('At most 20 document references of up to 200 characters each.');
    if (!isUuid(requestId)) throw notFound('Document request');
    const scope = this.scopeFor(principal);
    return this.inTransaction(async (tx) => {
      const request = await repo.findDocumentRequest(tx, requestId);
      const [row] = request ? await repo.findDeclarations(tx, scope, [request.shipmentId]) : [];
      if (!request || !row) throw notFound('Document request');
      if (request.respondedAt) throw new AppError<CustomsErrorCode>('DOCUMENT_REQUEST_ANSWERED', 'This document request was already answered.');
      const outcome = await this.transitionOne(tx, row, 'UNDER_REVIEW', row.version, principal, {
        reason: text, requestId: httpRequestId, action: 'customs.documents_provided', auditExtra: { documentRequestId: requestId, documentReferences: refs },
      });
      if ('declaration' in outcome && !(await repo.answerDocumentRequest(tx, requestId, text, refs, actorId(principal)))) {
        throw new AppError<CustomsErrorCode>('DOCUMENT_REQUEST_ANSWERED', 'This document request was already answered.');
      }
      return outcome;
    });
  }

  async recordDutyPayment(principal: Principal, shipmentId: string, paymentReference: string, amount: { amountMinor: number; currency: string }, requestId?: string): Promise<PaymentOutcome> {
    const reference = paymentReference.trim();
    if (!reference || reference.length > 100) throw badInput('A payment reference has 1 to 100 characters.');
    if (!Number.isInteger(amount.amountMinor) || amount.amountMinor <= 0) throw badInput('A payment is a positive whole number of minor units.');
    const scope = this.scopeFor(principal);
    if (!isUuid(shipmentId)) throw notFound('Customs declaration');
    const [row] = await repo.findDeclarations(this.db, scope, [shipmentId]);
    if (!row) throw notFound('Customs declaration');

    const replay = async (existing: repo.PaymentRow): Promise<PaymentOutcome> => {
      if (existing.shipmentId !== shipmentId) return { rejection: { errorCode: 'PAYMENT_REFERENCE_USED', message: `Payment reference ${reference} was used for another parcel.` } };
      const [current] = await repo.findDeclarations(this.db, scope, [shipmentId]);
      return { payment: existing, declaration: current, replayed: true };
    };
    const existing = await repo.paymentByReference(this.db, reference);
    if (existing) return replay(existing);

    const outstanding = row.dueMinor - row.paidMinor;
    if (outstanding <= 0) return { rejection: { errorCode: 'NOTHING_DUE', message: `Nothing is due on ${row.trackingNumber}.` } };
    if (amount.currency.toUpperCase() !== row.dueCurrency || amount.amountMinor !== outstanding) {
      const minor = this.reference.currencies.get(row.dueCurrency)?.minorUnits ?? 2;
      return { rejection: { errorCode: 'AMOUNT_MISMATCH', message: `The amount due is ${formatMoney({ amountMinor: outstanding, currency: row.dueCurrency }, minor)}; pay exactly that.` } };
    }
    if (customsMachine.isFinal(row.state) || row.state === 'REJECTED') {
      return { rejection: { errorCode: 'NOTHING_DUE', message: `The declaration is ${row.state}: no duty is collected.` } };
    }
    const charge = await this.payments.charge({ reference, amountMinor: outstanding, currency: row.dueCurrency, payer: row.sellerOrgId });
    if (charge.status === 'DECLINED') return { rejection: { errorCode: 'PAYMENT_DECLINED', message: charge.reason } };

    const outcome = await this.inTransaction(async (tx) => {
      const [current] = await repo.findDeclarations(tx, scope, [shipmentId], true);
      const payment = await repo.insertPayment(tx, {
        id: randomUUID(), shipmentId, paymentReference: reference, provider: this.payments.name, providerTransactionId: charge.transactionId,
        amountMinor: outstanding, currency: row.dueCurrency, recordedBy: actorId(principal),
      });
      if (!payment) return { replayedReference: true as const };
      if (current.paidMinor !== row.paidMinor) {
        return { failure: conflict(current, current.version) };
      }
      if (current.state === 'DUTY_DUE') {
        const result = await this.transitionOne(tx, current, 'RELEASED', current.version, principal, {
          reason: `Duty and tax paid: ${reference}.`, requestId, action: 'customs.duty_paid', paidMinorDelta: outstanding, auditExtra: { paymentReference: reference },
        });
        if ('failure' in result) return result;
        return { payment, declaration: result.declaration, replayed: false };
      }
      await tx.query('UPDATE customs_declarations SET paid_minor = paid_minor + $2, version = version + 1, updated_at = now() WHERE shipment_id = $1', [shipmentId, outstanding]);
      await appendAudit(tx, [{
        actor: principal, action: 'customs.duty_prepaid', entityType: 'shipment', entityId: shipmentId,
        before: { paidMinor: current.paidMinor, version: current.version }, after: { paidMinor: current.paidMinor + outstanding, version: current.version + 1 },
        reason: `Paid before release: ${reference}.`, requestId,
      }]);
      const [after] = await repo.findDeclarations(tx, {}, [shipmentId]);
      return { payment, declaration: after, replayed: false };
    });
    if ('failure' in outcome) return { rejection: { errorCode: 'CONFLICT', message: 'The declaration changed while the payment was recorded; retry with the same reference.' } };
    if ('replayedReference' in outcome) return replay((await repo.paymentByReference(this.db, reference))!);
    return outcome;
  }

  // ---------------------------------------------------------------- hub weight

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
    const assessment = this.assess({ ...declared, shipment: { ...shipment, grossWeightG: measuredWeightG } }, 0, assessedLines);
    const risk = this.risk(declared, assessment, { parcels: 0, valueSdrMinor: 0 }, assessedLines, measuredWeightG);
    const run = (await repo.maxRiskRun(tx, shipmentId)) + 1;
    await repo.insertAssessments(tx, [{ shipmentId, assessment }]);
    await repo.insertRiskHits(tx, risk.hits.map((hit) => ({ shipmentId, run, hit })));
    const worse = LANE_RANK[risk.lane] < LANE_RANK[row.lane];
    const lane = worse ? risk.lane : row.lane;
    await tx.query(
      `UPDATE customs_declarations SET score = $2, lane = $3, lane_rank = $4, due_minor = $5, due_currency = $6, updated_at = now() WHERE shipment_id = $1`,
      [shipmentId, risk.score, lane, LANE_RANK[lane], assessment.dueMinor, assessment.currency],
    );
    await appendAudit(tx, [{
      actor, action: 'customs.weight_rechecked', entityType: 'shipment', entityId: shipmentId,
      before: { grossWeightG: shipment.grossWeightG, score: row.score, lane: row.lane, dueMinor: row.dueMinor },
      after: { measuredWeightG, score: risk.score, lane, dueMinor: assessment.dueMinor, hits: risk.hits.map((h) => h.code) },
      reason: 'The hub reported a weight that differs from the declaration.', requestId,
    }]);
    const [current] = await repo.findDeclarations(tx, {}, [shipmentId]);
    const target: CustomsState | undefined = !worse ? undefined : risk.lane === 'RED' && row.state === 'ASSESSED' ? 'HELD_FOR_INSPECTION' : 'UNDER_REVIEW';
    if (target && customsMachine.canTransition(current.state, target)) {
      const outcome = await this.transitionOne(tx, current, target, current.version, actor, {
        reason: `Weight re-check: lane ${risk.lane}, score ${risk.score}.`, requestId, action: 'customs.recheck',
      });
      if ('declaration' in outcome) return outcome.declaration;
    }
    return current;
  }

  /**
   * The hub received the parcels: physically presented to customs now. Their timelines get EXA
   * (EDB for imports) and the event of the state customs had reached on the declaration alone
   * (EXC released, EXB held …); from now on each decision writes its event as it happens.
   */
  async presented(tx: Queryable, shipmentIds: readonly string[], at: Date): Promise<void> {
    const rows = await repo.markPresented(tx, shipmentIds, at);
    const events: NewTrackingEvent[] = [];
    for (const row of rows) {
      const hub = this.reference.hubById(row.hubId);
      const where = { occurredAt: at, office: hub?.officeOfExchange ?? null, countryCode: hub?.countryCode ?? null, source: 'customs', detail: { state: row.state } };
      events.push({ shipmentId: row.shipmentId, code: presentationEvent(row.direction), ...where });
      const reached = trackingEventFor(row.direction, row.state);
      if (reached) events.push({ shipmentId: row.shipmentId, code: reached, ...where });
    }
    await appendTrackingEvents(tx, events);
  }

  // ---------------------------------------------------------------- jobs

  /** Green channel: releases GREEN declarations in batches, as system:green-channel, with the same events and audit. */
  async releaseGreen(maxTotal = this.options.greenChannelMaxPerRun): Promise<{ released: number; dutyDue: number; batches: number }> {
    let released = 0;
    let dutyDue = 0;
    let batches = 0;
    while (released + dutyDue < maxTotal) {
      const limit = Math.min(this.options.greenChannelBatch, maxTotal - released - dutyDue);
      const rows = await this.db.transaction(async (tx) => {
        const moved = await repo.releaseGreenBatch(tx, limit);
        await this.record(
          tx,
          moved.map((row) => ({ row: { ...row, version: row.version - 1 }, from: 'ASSESSED' as const, to: row.state })),
          GREEN_CHANNEL_ACTOR,
          { reason: () => 'Green lane: released automatically.' },
        );
        return moved;
      });
      batches += 1;
      for (const r of rows) if (r.state === 'DUTY_DUE') dutyDue += 1; else released += 1;
      if (rows.length < limit) break;
    }
    return { released, dutyDue, batches };
  }

  /** Flags declarations under review for longer than the configured time. */
  async escalate(olderThanMinutes = this.options.escalateAfterMinutes): Promise<{ escalated: number }> {
    const flagged = await this.db.transaction(async (tx) => {
      const rows = await repo.escalateStale(tx, olderThanMinutes, this.clock.now());
      await appendAudit(tx, rows.map((r) => ({
        actor: ESCALATION_ACTOR, action: 'customs.escalated', entityType: 'shipment', entityId: r.shipmentId,
        after: { escalated: true, underReviewSince: r.stateChangedAt }, reason: `Under review for more than ${olderThanMinutes} minutes.`,
      })));
      return rows;
    });
    return { escalated: flagged.length };
  }

  jobs(): JobDefinition[] {
    return [
      { name: 'customs.green-channel', every: this.options.greenChannelEvery, run: () => this.releaseGreen() },
      { name: 'customs.escalation', every: this.options.escalationEvery, run: () => this.escalate() },
    ];
  }

  // ---------------------------------------------------------------- batched reads for GraphQL

  declarationsFor(ids: readonly string[]) {
    return repo.findDeclarations(this.db, {}, ids);
  }
  assessmentsFor(ids: readonly string[]) {
    return repo.latestAssessments(this.db, ids);
  }
  riskHitsFor(ids: readonly string[]) {
    return repo.latestRiskHits(this.db, ids);
  }
  documentRequestsFor(ids: readonly string[]) {
    return repo.documentRequests(this.db, ids);
  }
  paymentsFor(ids: readonly string[]) {
    return repo.payments(this.db, ids);
  }
  inspectionsFor(ids: readonly string[]) {
    return repo.inspections(this.db, ids);
  }
}

function conflict(row: DeclarationRow, expectedVersion: number): TransitionFailure {
  return {
    errorCode: 'CONFLICT',
    message: `The declaration changed: you expected version ${expectedVersion}, it is at version ${row.version} (${row.state}). Reload it and decide again.`,
    expectedVersion,
    currentVersion: row.version,
    currentState: row.state,
  };
}

/** A declaration line as the tax engine and the risk rules both read it, mapped once per parcel. */
type AssessedLine = TaxLineInput & RiskLine;

function linesToAssess(d: DeclaredShipment): AssessedLine[] {
  return d.declaration.lines.map((l) => ({
    lineNo: l.lineNo, hsCode: l.hsCode, description: l.description, quantity: l.quantity, valueMinor: l.value.amountMinor, currency: l.value.currency,
    netWeightG: l.netWeightGrams, originCountry: l.originCountry,
  }));
}

/** What the risk rules see of one declaration; amounts convert at its rates date. */
class DeclarationRiskContext implements RiskContext {
  readonly currency: string;
  readonly totalValueMinor: number;
  readonly valueSdrMinor: number;
  readonly grossWeightG: number;
  readonly netWeightG: number;
  readonly lithiumBatteries: string;
  readonly parties: RiskParty[];
  private readonly ratesDate: string;

  constructor(
    s: DeclaredShipment['shipment'],
    readonly lines: AssessedLine[],
    readonly assessment: Assessment,
    readonly addresseeWindow: { parcels: number; valueSdrMinor: number },
    readonly measuredWeightG: number | undefined,
    private readonly reference: ReferenceData,
    private readonly referenceCurrency: string,
  ) {
    this.currency = s.currency;
    this.totalValueMinor = s.totalValueMinor;
    this.valueSdrMinor = s.valueSdrMinor;
    this.grossWeightG = s.grossWeightG;
    this.netWeightG = s.netWeightG;
    this.lithiumBatteries = s.lithiumBatteries;
    this.parties = [
      { role: 'sender', name: s.sender.name, company: s.sender.company },
      { role: 'addressee', name: s.addressee.name, company: s.addressee.company },
    ];
    this.ratesDate = s.ratesDate;
  }

  toReference(amountMinor: number, currency: string): number | undefined {
    return this.reference.convert(amountMinor, currency, this.referenceCurrency, this.ratesDate);
  }

  format(amountMinor: number, currency: string): string {
    return formatMoney({ amountMinor, currency }, this.reference.currencies.get(currency)?.minorUnits ?? 2);
  }
}

/** Same addressee: destination, normalised name tokens, postcode (or the importer id for China). */
export function addresseeKey(country: string, name: string, postcode: string | null | undefined, importerReference?: string | null): string {
  if (country === 'CN' && importerReference?.trim()) return `CN|id:${importerReference.trim().toUpperCase()}`;
  return `${country}|${normaliseName(name).sort().join(' ')}|${(postcode ?? '').replace(/\s/g, '').toUpperCase()}`;
}

export function encodeQueueCursor(row: DeclarationRow & { laneRank: number }): string {
  return encodeCursor([row.laneRank, row.score, row.assessedAt, row.shipmentId]);
}

function decodeQueueCursor(cursor: string): repo.QueueCursor {
  const [laneRank, score, assessedAt, id] = decodeCursor(cursor, ['int', 'int', 'time', 'uuid']);
  return { laneRank, score, assessedAt, id };
}
