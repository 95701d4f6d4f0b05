import { useEffect } from 'react';
import { graphql } from '../../../graphql/generated';
import type { CustomsParcelQuery, CustomsState } from '../../../graphql/generated/graphql';
import { enumLabel } from '../../../i18n/enum-labels';
import { useSession } from '../../../shell/session';
import { DocumentButton } from '../../shared/DocumentButton';
import { useLoad } from '../../shared/useLoad';
import { laneClass, useLocal } from '../format';
import { AuditTrail } from './AuditTrail';
import { DecisionBar } from './DecisionBar';
import { InspectionForm } from './InspectionForm';

const CustomsParcel = graphql(`
  query CustomsParcel($id: ID!) {
    customsDeclaration(shipmentId: $id) {
      trackingNumber direction state lane score version escalated escalatedAt stateChangedAt
      riskHits { code weight explanation }
      assessment { regime basis due { formatted } duty { formatted } tax { formatted } value { formatted } notes }
      documentRequests { id documents message requestedAt response documentReferences respondedAt }
      inspections { id outcome findings recordedAt }
      shipment {
        id sellerReference destinationCountry originCountry grossWeightGrams declaredAt
        seller { name }
        totalValue { formatted }
        lines { lineNo description quantity hsCode originCountry value { formatted } }
      }
    }
  }
`);

/** `attachment:{id}` references a file the seller uploaded (GET /attachments/{id}); other references are text. */
function References({ references }: { references: readonly string[] }) {
  const { t } = useLocal();
  const { apiKey } = useSession();
  if (!references.length) return null;
  const files = references.filter((r) => r.startsWith('attachment:'));
  const text = references.filter((r) => !r.startsWith('attachment:'));
  return (
    <>
      {text.length > 0 && `(${text.join(', ')})`}
      {files.map((r) => {
        const id = r.slice('attachment:'.length);
        return <DocumentButton key={r} path={`/attachments/${encodeURIComponent(id)}`} filename={id} label={t('customs.parcel.attachment', { id: id.slice(0, 8) })} apiKey={apiKey} />;
      })}
    </>
  );
}

export type Declaration = NonNullable<CustomsParcelQuery['customsDeclaration']>;

/** One parcel as the officer reviews it: why it was targeted, what it holds, what was asked and answered. */
export function ParcelReview({ shipmentId, onDecided }: { shipmentId: string; onDecided(trackingNumber: string, state: CustomsState): void }) {
  const { t, formatDate } = useLocal();
  const { run } = useSession();
  const parcel = useLoad(() => run(CustomsParcel, { id: shipmentId }).then((d) => d.customsDeclaration), [run, shipmentId]);
  const d = parcel.data;
  const loaded = d !== null;
  // On a narrow screen the parcel sits below the queue: bring it into view once it is there.
  useEffect(() => {
    if (loaded && matchMedia('(max-width: 63.99rem)').matches) document.getElementById('parcel-heading')?.scrollIntoView({ block: 'start' });
  }, [loaded]);
  if (parcel.error) return <p className="error" role="alert">{t('common.error', { message: parcel.error })}</p>;
  if (!d) return <section className="card"><p>{t('common.loading')}</p></section>;
  return (
    <section className="card parcel-review" aria-labelledby="parcel-heading">
      <h2 id="parcel-heading">
        <span className="mono">{d.trackingNumber}</span> <span className={laneClass(d.lane)}>{enumLabel(t, 'customs.lane', d.lane ?? 'ALL')}</span>
      </h2>
      <p>
        {enumLabel(t, 'customs.state', d.state)} · {t('customs.score', { score: d.score ?? 0 })} · {enumLabel(t, 'customs.direction', d.direction)}
        {' · '}{d.shipment.seller.name} · {d.shipment.originCountry} → {d.shipment.destinationCountry}
        {d.escalated && <strong> · {t('customs.escalatedSince', { time: formatDate(d.escalatedAt) })}</strong>}
      </p>
      <DecisionBar declaration={d} onDecided={(state) => onDecided(d.trackingNumber, state)} onReload={parcel.reload} />
      {d.state === 'HELD_FOR_INSPECTION' && <InspectionForm declaration={d} onDecided={(state) => onDecided(d.trackingNumber, state)} onReload={parcel.reload} />}

      <h3>{t('customs.parcel.risk')}</h3>
      {d.riskHits.length === 0 ? <p>{t('customs.parcel.noRisk')}</p> : (
        <ul className="risk-hits">
          {d.riskHits.map((h) => <li key={h.code}><strong>{h.code}</strong> (+{h.weight}): {h.explanation}</li>)}
        </ul>
      )}

      <h3>{t('customs.parcel.contents')}</h3>
      <div className="table-wrap">
        <table>
          <thead><tr><th scope="col">{t('customs.parcel.description')}</th><th scope="col">{t('customs.parcel.hsCode')}</th><th scope="col" className="num">{t('customs.parcel.quantity')}</th><th scope="col" className="num">{t('customs.parcel.value')}</th></tr></thead>
          <tbody>
            {d.shipment.lines.map((l) => (
              <tr key={l.lineNo}><td>{l.description}</td><td className="mono">{l.hsCode}</td><td className="num">{l.quantity}</td><td className="num">{l.value.formatted}</td></tr>
            ))}
          </tbody>
        </table>
      </div>
      {d.assessment && (
        <p>{t('customs.parcel.assessment', { regime: d.assessment.regime, basis: d.assessment.basis, value: d.assessment.value.formatted, due: d.assessment.due.formatted })}</p>
      )}

      <h3>{t('customs.parcel.documents')}</h3>
      {d.documentRequests.length === 0 ? <p>{t('customs.parcel.noDocuments')}</p> : (
        <ul>
          {d.documentRequests.map((r) => (
            <li key={r.id}>
              {t('customs.parcel.requested', { documents: r.documents.join(', '), time: formatDate(r.requestedAt) })}: {r.message}
              <br />
              {r.respondedAt
                ? <>{t('customs.parcel.answered', { time: formatDate(r.respondedAt) })}: {r.response} <References references={r.documentReferences ?? []} /></>
                : <em>{t('customs.parcel.notAnswered')}</em>}
            </li>
          ))}
        </ul>
      )}
      {d.inspections.length > 0 && (
        <>
          <h3>{t('customs.parcel.inspections')}</h3>
          <ul>{d.inspections.map((i) => <li key={i.id}>{formatDate(i.recordedAt)}: {enumLabel(t, 'customs.outcome', i.outcome)}: {i.findings}</li>)}</ul>
        </>
      )}
      <AuditTrail shipmentId={shipmentId} version={d.version} />
    </section>
  );
}
