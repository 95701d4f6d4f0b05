import type { Clock } from '../../platform/clock.js';
import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/database.js';
import { AppError, badInput, notFound } from '../../platform/errors.js';
import { fail, isFailure } from '../../platform/failure.js';
import { isUuid } from '../../platform/ids.js';
import { actorId, type Principal } from '../auth/principal.js';
import { customsScope } from './customs-scope.js';
import type { CustomsErrorCode } from './customs.errors.js';
import * as repo from './customs.repository.js';
import type { CustomsState } from './customs.state-machine.js';
import { MAX_TEXT, type DeclarationRow, type Decision, type InspectionOutcome, type TransitionOutcome } from './customs.types.js';
import { inDecisionTransaction, type CustomsTransitions } from './transitions.js';

const DECISION_TARGET: Record<Exclude<Decision, 'RELEASE'>, CustomsState> = {
  HOLD: 'HELD_FOR_INSPECTION',
  INSPECT: 'HELD_FOR_INSPECTION',
  REQUEST_DOCUMENTS: 'DOCUMENTS_REQUESTED',
  REJECT: 'REJECTED',
  SEIZE: 'SEIZED',
  RETURN_TO_SENDER: 'RETURNED_TO_SENDER',
};

/** The officer's workflow: decisions (with a reason) and inspection results, each one checked transition. */
export class CustomsOfficers {
  constructor(
    private readonly db: Database,
    private readonly transitions: CustomsTransitions,
    private readonly clock: Clock,
  ) {}

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
    const scope = customsScope(principal);
    if (!isUuid(shipmentId)) throw notFound('Customs declaration');
    return inDecisionTransaction(this.db, async (tx) => {
      const [row] = await repo.findDeclarations(tx, scope, [shipmentId]);
      if (!row) throw notFound('Customs declaration');
      const to = decision === 'RELEASE' ? releaseTarget(row) : DECISION_TARGET[decision];
      const outcome = await this.transitions.one(tx, row, to, input.expectedVersion, principal, {
        reason, requestId, action: `customs.decision.${decision.toLowerCase()}`, auditExtra: documents.length ? { documents } : undefined,
      });
      if (!isFailure(outcome) && decision === 'REQUEST_DOCUMENTS') {
        await repo.insertDocumentRequest(tx, {
          id: randomUUID(), shipmentId, documents: documents.length ? documents : ['Documents named in the message'], message: reason!, requestedBy: actorId(principal), requestedAt: this.clock.now(),
        });
      }
      return outcome;
    });
  }

  async recordInspection(principal: Principal, shipmentId: string, outcome: InspectionOutcome, findings: string, expectedVersion: number, requestId?: string): Promise<TransitionOutcome> {
    const text = findings.trim();
    if (!text) throw badInput('Describe what the inspection found.');
    if (text.length > MAX_TEXT) throw badInput(`Findings have at most ${MAX_TEXT} characters.`);
    const scope = customsScope(principal);
    if (!isUuid(shipmentId)) throw notFound('Customs declaration');
    return inDecisionTransaction(this.db, async (tx) => {
      const [row] = await repo.findDeclarations(tx, scope, [shipmentId]);
      if (!row) throw notFound('Customs declaration');
      if (row.state !== 'HELD_FOR_INSPECTION' && row.version === expectedVersion) {
        return fail('IllegalTransition', 'ILLEGAL_TRANSITION', `An inspection result needs a declaration held for inspection; this one is ${row.state}.`, { from: row.state, to: 'RELEASED' as CustomsState });
      }
      const to: CustomsState = outcome === 'CLEAR' ? releaseTarget(row) : outcome === 'DISCREPANCY' ? 'REJECTED' : 'SEIZED';
      const result = await this.transitions.one(tx, row, to, expectedVersion, principal, {
        reason: text, requestId, action: `customs.inspection.${outcome.toLowerCase()}`, auditExtra: { inspection: outcome },
      });
      if (!isFailure(result)) await repo.insertInspection(tx, { id: randomUUID(), shipmentId, outcome, findings: text, recordedBy: actorId(principal), recordedAt: this.clock.now() });
      return result;
    });
  }
}

/** Released, or duty due first when an import still owes duty and tax. */
export function releaseTarget(row: DeclarationRow): CustomsState {
  return row.direction === 'IMPORT' && row.dueMinor > row.paidMinor ? 'DUTY_DUE' : 'RELEASED';
}
