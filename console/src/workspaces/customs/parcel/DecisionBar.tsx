import { useEffect, useRef, useState, type FormEvent } from 'react';
import { graphql } from '../../../graphql/generated';
import type { CustomsDecision, CustomsState, DecideMutation } from '../../../graphql/generated/graphql';
import { enumLabel } from '../../../i18n/enum-labels';
import type { MessageKey } from '../../../i18n/i18n';
import { useSession } from '../../../shell/session';
import { useHotkeys } from '../../shared/hotkeys';
import { useLocal } from '../format';
import type { Declaration } from './ParcelReview';
import { errorText } from '../../../ui/error-text';

export const Decide = graphql(`
  mutation Decide($id: ID!, $decision: CustomsDecision!, $reason: String, $expectedVersion: Int!, $documents: [String!]) {
    decideDeclaration(id: $id, decision: $decision, reason: $reason, expectedVersion: $expectedVersion, documents: $documents) {
      __typename
      ... on CustomsDeclaration { state version }
      ... on VersionConflict { message expectedVersion currentVersion currentState }
      ... on IllegalTransition { message from to }
    }
  }
`);

export type DecisionResult = DecideMutation['decideDeclaration'];

/** The officer's five decisions, each on one key. */
const DECISIONS: readonly { decision: CustomsDecision; key: string }[] = [
  { decision: 'RELEASE', key: 'r' },
  { decision: 'HOLD', key: 'h' },
  { decision: 'INSPECT', key: 'i' },
  { decision: 'REQUEST_DOCUMENTS', key: 'd' },
  { decision: 'REJECT', key: 'x' },
];

/** Which decisions the declaration's state allows (the server's customs machine has the last word). */
const ALLOWED: Partial<Record<CustomsState, readonly CustomsDecision[]>> = {
  ASSESSED: ['RELEASE', 'HOLD', 'INSPECT'],
  UNDER_REVIEW: ['RELEASE', 'HOLD', 'INSPECT', 'REQUEST_DOCUMENTS', 'REJECT'],
  HELD_FOR_INSPECTION: ['RELEASE', 'REJECT'],
  DOCUMENTS_REQUESTED: ['REJECT'],
};

/**
 * A refusal the officer must see: another officer decided first (VersionConflict) or the state no
 * longer allows the decision. It stays on screen, with the decision and reason that were not
 * applied, until the officer acts again.
 */
export function RefusalNote({ result, attempted, onReload }: { result: Exclude<DecisionResult, { __typename: 'CustomsDeclaration' }>; attempted: string; onReload(): void }) {
  const { t } = useLocal();
  const state = result.__typename === 'VersionConflict' ? result.currentState : result.from;
  return (
    <div className="error conflict" role="alert">
      <p><strong>{t(result.__typename === 'VersionConflict' ? 'customs.conflict.title' : 'customs.illegal.title')}</strong></p>
      <p>{t('customs.conflict.explain', { attempted, state: enumLabel(t, 'customs.state', state) })}</p>
      <button type="button" className="secondary" onClick={onReload}>{t('customs.conflict.reload')}</button>
    </div>
  );
}

export function DecisionBar({ declaration: d, onDecided, onReload }: { declaration: Declaration; onDecided(state: CustomsState): void; onReload(): void }) {
  const { t } = useLocal();
  const { run } = useSession();
  const [pending, setPending] = useState<CustomsDecision | null>(null);
  const [reason, setReason] = useState('');
  const [documents, setDocuments] = useState('');
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<{ result: Exclude<DecisionResult, { __typename: 'CustomsDeclaration' }>; attempted: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reasonField = useRef<HTMLTextAreaElement>(null);
  const allowed = ALLOWED[d.state] ?? [];

  async function decide(decision: CustomsDecision, why?: string, docs?: string[]) {
    setBusy(true);
    setError(null);
    try {
      const { decideDeclaration: result } = await run(Decide, { id: d.shipment.id, decision, reason: why, expectedVersion: d.version, documents: docs });
      if (result.__typename === 'CustomsDeclaration') {
        setRefusal(null);
        setPending(null);
        onDecided(result.state);
      } else {
        setRefusal({ result, attempted: `${enumLabel(t, 'customs.decision', decision)}${why ? ` (“${why}”)` : ''}` });
      }
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  }

  function start(decision: CustomsDecision) {
    if (busy || !allowed.includes(decision)) return;
    if (decision === 'RELEASE') return void decide('RELEASE');
    setPending(decision);
    setReason(reason || t(`customs.reason.${decision}` as MessageKey));
    setDocuments(documents || t('customs.reason.documentsDefault'));
  }

  useEffect(() => {
    if (pending) reasonField.current?.select();
  }, [pending]);
  useHotkeys(Object.fromEntries(DECISIONS.map(({ decision, key }) => [key, () => start(decision)])));

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!pending || !reason.trim()) return;
    const docs = pending === 'REQUEST_DOCUMENTS' ? documents.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
    void decide(pending, reason.trim(), docs);
  }

  return (
    <div className="decisions">
      <div className="toolbar" role="group" aria-label={t('customs.decide')}>
        {DECISIONS.map(({ decision, key }) => (
          <button
            key={decision} type="button" className={decision === 'RELEASE' ? '' : 'secondary'} aria-keyshortcuts={key.toUpperCase()}
            disabled={busy || !allowed.includes(decision)} onClick={() => start(decision)}
          >
            <kbd>{key.toUpperCase()}</kbd> {enumLabel(t, 'customs.decision', decision)}
          </button>
        ))}
      </div>
      {pending && (
        <form className="card reason" onSubmit={submit} onKeyDown={(e) => { if (e.key === 'Escape') setPending(null); }}>
          <label htmlFor="decision-reason">{t('customs.reason.label', { decision: enumLabel(t, 'customs.decision', pending) })}</label>
          <textarea
            id="decision-reason" ref={reasonField} rows={2} required value={reason} onChange={(e) => setReason(e.target.value)}
            onKeyDown={(e) => { if (e.key === 'Enter' && !e.shiftKey) submit(e); }}
          />
          {pending === 'REQUEST_DOCUMENTS' && (
            <>
              <label htmlFor="decision-documents">{t('customs.reason.documents')}</label>
              <input id="decision-documents" value={documents} onChange={(e) => setDocuments(e.target.value)} />
            </>
          )}
          <div className="toolbar">
            <button type="submit" disabled={busy}>{t('customs.reason.confirm')}</button>
            <button type="button" className="secondary" onClick={() => setPending(null)}>{t('customs.reason.cancel')}</button>
          </div>
          <p className="muted">{t('customs.reason.keys')}</p>
        </form>
      )}
      {refusal && <RefusalNote result={refusal.result} attempted={refusal.attempted} onReload={onReload} />}
      {error && <p className="error" role="alert">{error}</p>}
    </div>
  );
}
