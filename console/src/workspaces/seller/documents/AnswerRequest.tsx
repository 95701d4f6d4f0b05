import { useRef, useState, type FormEvent } from 'react';
import { request as restRequest } from '../../../api/client';
import { graphql } from '../../../graphql/generated';
import { useI18n } from '../../../i18n/i18n';
import { useSession } from '../../../shell/session';
import { ErrorMessage } from '../../../ui/ErrorMessage';
import type { RequestedParcel } from './DocumentRequests';

const RespondToRequest = graphql(`
  mutation RespondToRequest($requestId: ID!, $response: String!, $references: [String!]) {
    respondToDocumentRequest(requestId: $requestId, response: $response, documentReferences: $references) {
      __typename
      ... on CustomsDeclaration { state }
      ... on VersionConflict { message }
      ... on IllegalTransition { message }
    }
  }
`);

type Request = NonNullable<RequestedParcel['customs']>['documentRequests'][number];

/** 5 MiB, as the server allows: said before uploading rather than after. */
const MAX_BYTES = 5 * 1024 * 1024;

/** Answers one document request: a message and PDF or image files, uploaded first (POST /attachments). */
export function AnswerRequest({ parcel, request, onAnswered }: { parcel: RequestedParcel; request: Request; onAnswered(): void }) {
  const { t, locale } = useI18n();
  const { apiKey, run } = useSession();
  const files = useRef<HTMLInputElement>(null);
  const [response, setResponse] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const id = `req-${request.id}`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const chosen = [...(files.current?.files ?? [])];
    const tooLarge = chosen.find((f) => f.size > MAX_BYTES);
    if (tooLarge) {
      setError(new Error(t('seller.documents.tooLarge', { file: tooLarge.name })));
      return;
    }
    setBusy(true);
    try {
      const references: string[] = [];
      for (const file of chosen) {
        const path = `/attachments?shipmentId=${encodeURIComponent(parcel.id)}&filename=${encodeURIComponent(file.name)}`;
        const stored = (await (await restRequest(apiKey, path, { body: file })).json()) as { reference: string };
        references.push(stored.reference);
      }
      const { respondToDocumentRequest: result } = await run(RespondToRequest, { requestId: request.id, response, references });
      if (result.__typename === 'CustomsDeclaration') onAnswered();
      else setError(new Error(result.message));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const asked = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(request.requestedAt));
  return (
    <form className="card" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('seller.documents.requestFor', { number: parcel.trackingNumber, reference: parcel.sellerReference })}</h2>
      <p className="muted">{t('seller.documents.askedAt', { time: asked })}</p>
      <p><strong>{request.documents.join(', ')}</strong> — {request.message}</p>
      <div className="field">
        <label htmlFor={`${id}-response`}>{t('seller.documents.response')} *</label>
        <textarea id={`${id}-response`} required rows={3} value={response} onChange={(e) => setResponse(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-files`}>{t('seller.documents.files')}</label>
        <input id={`${id}-files`} ref={files} type="file" multiple accept="application/pdf,image/png,image/jpeg" aria-describedby={`${id}-files-hint`} />
        <p className="muted" id={`${id}-files-hint`}>{t('seller.documents.filesHint')}</p>
      </div>
      <button type="submit" disabled={busy}>{t('seller.documents.submit')}</button>
      <ErrorMessage error={error} />
    </form>
  );
}
