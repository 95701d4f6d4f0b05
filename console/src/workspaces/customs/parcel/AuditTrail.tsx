import { graphql } from '../../../graphql/generated';
import type { CustomsState } from '../../../graphql/generated/graphql';
import { auditActionLabel, enumLabel } from '../../../i18n/enum-labels';
import { useSession } from '../../../shell/session';
import { useLoad } from '../../shared/useLoad';
import { useLocal } from '../format';

const CustomsAudit = graphql(`
  query CustomsAudit($id: ID!) {
    auditTrail(entityId: $id) { id occurredAt actorKind actorId action reason before after }
  }
`);

/** The customs state an audit record's before/after holds (customs writes customsState), if any. */
const stateOf = (value: unknown): CustomsState | null => {
  const record = value && typeof value === 'object' ? (value as { customsState?: unknown }) : {};
  return typeof record.customsState === 'string' ? (record.customsState as CustomsState) : null;
};

/** Who did what to the declaration, when and why; reloaded whenever its version changes. */
export function AuditTrail({ shipmentId, version }: { shipmentId: string; version: number }) {
  const { t, formatDate } = useLocal();
  const { run } = useSession();
  const audit = useLoad(() => run(CustomsAudit, { id: shipmentId }).then((d) => d.auditTrail), [run, shipmentId, version]);
  return (
    <details className="audit">
      <summary>{t('customs.audit.title', { count: audit.data?.length ?? 0 })}</summary>
      {audit.error && <p className="error">{audit.error}</p>}
      <div className="table-wrap">
        <table>
          <thead><tr><th scope="col">{t('customs.audit.when')}</th><th scope="col">{t('customs.audit.who')}</th><th scope="col">{t('customs.audit.what')}</th><th scope="col">{t('customs.audit.why')}</th></tr></thead>
          <tbody>
            {(audit.data ?? []).map((r) => (
              <tr key={r.id}>
                <td>{formatDate(r.occurredAt)}</td>
                <td>{r.actorKind === 'system' ? r.actorId : `${r.actorKind} ${r.actorId.slice(0, 8)}`}</td>
                <td>{auditActionLabel(t, r.action)} {[stateOf(r.before), stateOf(r.after)].filter((s) => s !== null).map((s) => enumLabel(t, 'customs.state', s)).join(' → ')}</td>
                <td>{r.reason ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
