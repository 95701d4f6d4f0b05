import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../db/database.js';
import { AppError, badInput, notFound } from '../../platform/errors.js';
import { isFailure } from '../../platform/failure.js';
import { isUuid } from '../../platform/ids.js';
import { actorId, type Principal } from '../auth/principal.js';
import { customsScope } from './customs-scope.js';
import type { CustomsErrorCode } from './customs.errors.js';
import * as repo from './customs.repository.js';
import { MAX_TEXT, type TransitionOutcome } from './customs.types.js';
import { inDecisionTransaction, type CustomsTransitions } from './transitions.js';

/** The seller's side of a document request: the answer sends the declaration back to review. */
export class CustomsDocumentRequests {
  constructor(
    private readonly db: Database,
    private readonly transitions: CustomsTransitions,
    private readonly clock: Clock,
  ) {}

  async respondToDocumentRequest(principal: Principal, requestId: string, response: string, references: readonly string[] | null | undefined, httpRequestId?: string): Promise<TransitionOutcome> {
    const text = response.trim();
    if (!text) throw badInput('Write an answer to the document request.');
    if (text.length > MAX_TEXT) throw badInput(`An answer has at most ${MAX_TEXT} characters.`);
    const refs = (references ?? []).map((r) => r.trim()).filter(Boolean);
    if (refs.length > 20 || refs.some((r) => r.length > 200)) throw badInput('At most 20 document references of up to 200 characters each.');
    if (!isUuid(requestId)) throw notFound('Document request');
    const scope = customsScope(principal);
    return inDecisionTransaction(this.db, async (tx) => {
      const request = await repo.findDocumentRequest(tx, requestId);
      const [row] = request ? await repo.findDeclarations(tx, scope, [request.shipmentId]) : [];
      if (!request || !row) throw notFound('Document request');
      if (request.respondedAt) throw new AppError<CustomsErrorCode>('DOCUMENT_REQUEST_ANSWERED', 'This document request was already answered.');
      const outcome = await this.transitions.one(tx, row, 'UNDER_REVIEW', row.version, principal, {
        reason: text, requestId: httpRequestId, action: 'customs.documents_provided', auditExtra: { documentRequestId: requestId, documentReferences: refs },
      });
      if (!isFailure(outcome) && !(await repo.answerDocumentRequest(tx, requestId, text, refs, actorId(principal), this.clock.now()))) {
        throw new AppError<CustomsErrorCode>('DOCUMENT_REQUEST_ANSWERED', 'This document request was already answered.');
      }
      return outcome;
    });
  }
}
