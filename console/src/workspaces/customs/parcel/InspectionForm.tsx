import { useState, type FormEvent } from 'react';
import { graphql } from '../../../graphql/generated';
import type { CustomsState, InspectionOutcome } from '../../../graphql/generated/graphql';
import { enumLabel } from '../../../i18n/enum-labels';
import { useSession } from '../../../shell/session';
import { useLocal } from '../format';
import { RefusalNote, type DecisionResult } from './DecisionBar';
import type { Declaration } from './ParcelReview';
import { errorText } from '../../../ui/error-text';

const RecordInspection = graphql(`
  mutation RecordInspection($id: ID!, $outcome: InspectionOutcome!, $findings: String!, $expectedVersion: Int!) {
    recordInspectionResult(id: $id, outcome: $outcome, findings: $findings, expectedVersion: $expectedVersion) {
      __typename
      ... on CustomsDeclaration { state version }
      ... on VersionConflict { message expectedVersion currentVersion currentState }
      ... on IllegalTransition { message from to }
    }
  }
`);

const OUTCOMES: readonly InspectionOutcome[] = ['CLEAR', 'DISCREPANCY', 'PROHIBITED_GOODS'];

/** The result of the physical inspection of a held parcel: clear, discrepancy or prohibited goods. */
export function InspectionForm({ declaration: d, onDecided, onReload }: { declaration: Declaration; onDecided(state: CustomsState): void; onReload(): void }) {
  const { t } = useLocal();
  const { run } = useSession();
  const [outcome, setOutcome] = useState<InspectionOutcome>('CLEAR');
  const [findings, setFindings] = useState('');
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Exclude<DecisionResult, { __typename: 'CustomsDeclaration' }> | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { recordInspectionResult: result } = await run(RecordInspection, { id: d.shipment.id, outcome, findings: findings.trim(), expectedVersion: d.version });
      if (result.__typename === 'CustomsDeclaration') onDecided(result.state);
      else setRefusal(result);
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card" onSubmit={submit} aria-labelledby="inspection-heading">
      <h3 id="inspection-heading">{t('customs.inspection.title')}</h3>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="inspection-outcome">{t('customs.inspection.outcome')}</label>
          <select id="inspection-outcome" value={outcome} onChange={(e) => setOutcome(e.target.value as InspectionOutcome)}>
            {OUTCOMES.map((o) => <option key={o} value={o}>{enumLabel(t, 'customs.outcome', o)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="inspection-findings">{t('customs.inspection.findings')}</label>
          <textarea id="inspection-findings" rows={2} required value={findings} onChange={(e) => setFindings(e.target.value)} />
        </div>
      </div>
      <button type="submit" disabled={busy}>{t('customs.inspection.record')}</button>
      {refusal && <RefusalNote result={refusal} attempted={enumLabel(t, 'customs.outcome', outcome)} onReload={onReload} />}
      {error && <p className="error" role="alert">{error}</p>}
    </form>
  );
}
