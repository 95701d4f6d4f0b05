import { useCallback, useEffect, useState } from 'react';
import { graphql } from '../../../graphql/generated';
import type { OpenDocumentRequestsQuery } from '../../../graphql/generated/graphql';
import { useI18n } from '../../../i18n/i18n';
import { useSession } from '../../../shell/session';
import { ErrorMessage } from '../../../ui/ErrorMessage';
import { AnswerRequest } from './AnswerRequest';

const OpenDocumentRequests = graphql(`
  query OpenDocumentRequests {
    shipments(filter: { status: [DOCUMENTS_REQUESTED] }, first: 100) {
      edges {
        node {
          id
          trackingNumber
          sellerReference
          customs { documentRequests { id documents message requestedAt respondedAt } }
        }
      }
    }
  }
`);

export type RequestedParcel = OpenDocumentRequestsQuery['shipments']['edges'][number]['node'];

/** Parcels customs asked documents for: each open request with a form to answer it. */
export function DocumentRequests() {
  const { t } = useI18n();
  const { run } = useSession();
  const [parcels, setParcels] = useState<RequestedParcel[] | null>(null);
  const [answered, setAnswered] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => run(OpenDocumentRequests).then((d) => setParcels(d.shipments.edges.map((e) => e.node)), setError), [run]);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <>
      {answered && <p className="ok" role="status">{t('seller.documents.answered', { number: answered })}</p>}
      <ErrorMessage error={error} />
      {!parcels ? (
        <p>{t('common.loading')}</p>
      ) : parcels.length === 0 ? (
        <p>{t('seller.documents.none')}</p>
      ) : (
        parcels.map((parcel) =>
          (parcel.customs?.documentRequests ?? [])
            .filter((r) => !r.respondedAt)
            .map((request) => (
              <AnswerRequest
                key={request.id}
                parcel={parcel}
                request={request}
                onAnswered={() => {
                  setAnswered(parcel.trackingNumber);
                  void load();
                }}
              />
            )),
        )
      )}
    </>
  );
}
