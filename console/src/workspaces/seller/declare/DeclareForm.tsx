import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { graphql } from '../../../graphql/generated';
import { enumLabel, type Labelled } from '../../../i18n/enum-labels';
import { useI18n, type MessageKey } from '../../../i18n/i18n';
import { useSession } from '../../../shell/session';
import { ErrorMessage } from '../../../ui/ErrorMessage';
import { PrintLabels } from '../parcels/PrintLabels';
import { declarationFromForm } from './declaration-input';
import { Field, fieldOfPath, FormProvider, type FormState } from './form-state';
import { HsCodeInput } from './HsCodeInput';

const DeclareParcel = graphql(`
  mutation DeclareParcel($input: DeclareShipmentInput!) {
    declareShipment(input: $input) {
      __typename
      ... on Shipment { id trackingNumber customsForm status }
      ... on DeclarationRejected { message errors { path code message } }
    }
  }
`);

const Hubs = graphql(`
  query DeclareHubs {
    hubs { code name }
  }
`);

const SERVICES = ['TRACKED_PACKET', 'REGISTERED_SMALL_PACKET', 'PARCEL', 'EMS'] as const;
const CATEGORIES = ['SALE_OF_GOODS', 'GIFT', 'DOCUMENTS', 'COMMERCIAL_SAMPLE', 'RETURNED_GOODS', 'OTHER'] as const;

function PartyFields({ party }: { party: 'sender' | 'addressee' }) {
  const { t } = useI18n();
  return (
    <fieldset>
      <legend>{t(`seller.declare.${party}` as MessageKey)}</legend>
      <div className="form-grid">
        <Field path={`${party}.name`} label="seller.declare.name" required />
        <Field path={`${party}.company`} label="seller.declare.company" />
        <Field path={`${party}.addressLines[0]`} label="seller.declare.address1" required />
        <Field path={`${party}.addressLines[1]`} label="seller.declare.address2" />
        <Field path={`${party}.city`} label="seller.declare.city" required />
        <Field path={`${party}.postcode`} label="seller.declare.postcode" />
        <Field path={`${party}.countryCode`} label="seller.declare.country" required />
        <Field path={`${party}.phone`} label="seller.declare.phone" type="tel" required />
        <Field path={`${party}.email`} label="seller.declare.email" type="email" />
      </div>
    </fieldset>
  );
}

function LineFields({ index, onRemove }: { index: number; onRemove?: () => void }) {
  const { t } = useI18n();
  const at = `lines[${index}]`;
  return (
    <fieldset>
      <legend>{t('seller.declare.line', { n: index + 1 })}</legend>
      <div className="form-grid three">
        <Field path={`${at}.description`} label="seller.declare.description" required />
        <HsCodeInput path={`${at}.hsCode`} />
        <Field path={`${at}.quantity`} label="seller.declare.quantity" type="number" inputMode="numeric" required />
        <Field path={`${at}.netWeightGrams`} label="seller.declare.netWeight" type="number" inputMode="numeric" required />
        <Field path={`${at}.value`} label="seller.declare.value" inputMode="decimal" required />
        <Field path={`${at}.currency`} label="seller.declare.currency" required />
        <Field path={`${at}.originCountry`} label="seller.declare.origin" required />
      </div>
      {onRemove && <button type="button" className="secondary" onClick={onRemove}>{t('seller.declare.removeLine', { n: index + 1 })}</button>}
    </fieldset>
  );
}

/** Declares one parcel; the API's field errors appear under their fields and in a summary that links to them. */
export function DeclareForm() {
  const { t } = useI18n();
  const { me, run } = useSession();
  const country = me.organization?.countryCode ?? '';
  const [values, setValues] = useState<Record<string, string>>(() => ({
    hubCode: me.organization?.hub?.code ?? '',
    service: 'TRACKED_PACKET', category: 'SALE_OF_GOODS', 'sender.name': me.organization?.name ?? '', 'sender.countryCode': country,
    'lines[0].originCountry': country, 'lines[0].currency': country === 'MY' ? 'MYR' : '',
  }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [summary, setSummary] = useState<{ path: string; message: string }[]>([]);
  const [lineCount, setLineCount] = useState(1);
  const [declared, setDeclared] = useState<{ id: string; trackingNumber: string; customsForm: string } | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  // The hubs a parcel can be sent from; the choice shows only where there is one to make.
  const [hubs, setHubs] = useState<{ code: string; name: string }[]>([]);
  useEffect(() => {
    run(Hubs).then(({ hubs: all }) => setHubs(all), setFailure);
  }, [run]);
  const summaryRef = useRef<HTMLDivElement>(null);
  // A refusal moves focus to the summary, so keyboard and screen-reader users hear what to fix.
  useEffect(() => {
    if (summary.length) summaryRef.current?.focus();
  }, [summary]);
  const state = useMemo<FormState>(() => ({ values, errors, set: (path, value) => setValues((v) => ({ ...v, [path]: value })) }), [values, errors]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    setDeclared(null);
    try {
      const { declareShipment: result } = await run(DeclareParcel, { input: declarationFromForm(values, lineCount) });
      if (result.__typename === 'Shipment') {
        setErrors({});
        setSummary([]);
        setDeclared(result);
        setValues((v) => ({ ...v, sellerReference: '' }));
        return;
      }
      const listed = result.errors.map((e) => ({ path: fieldOfPath(e.path), message: e.message }));
      setErrors(Object.fromEntries([...listed].reverse().map((e) => [e.path, e.message])));
      setSummary(listed);
    } catch (e) {
      setFailure(e);
    }
  }

  const options = <P extends 'service' | 'category'>(values: readonly Labelled[P][], prefix: P) =>
    values.map((value) => ({ value, label: enumLabel(t, prefix, value) }));
  return (
    <FormProvider state={state}>
      {declared && (
        <div className="ok" role="status">
          <p>{t('seller.declare.done', { number: declared.trackingNumber, form: declared.customsForm })}</p>
          <PrintLabels ids={[declared.id]} />
        </div>
      )}
      {summary.length > 0 && (
        <div className="card error-summary" ref={summaryRef} tabIndex={-1} role="alert" aria-labelledby="declare-errors">
          <h2 id="declare-errors">{t('seller.declare.errors', { count: summary.length })}</h2>
          <ul>
            {summary.map((e, i) => (
              <li key={i}><a href={`#f-${e.path.replace(/[^\w]/g, '-')}`} onClick={(ev) => { ev.preventDefault(); document.getElementById(`f-${e.path.replace(/[^\w]/g, '-')}`)?.focus(); }}>{e.message}</a></li>
            ))}
          </ul>
        </div>
      )}
      <form onSubmit={submit} noValidate>
        <fieldset>
          <legend>{t('seller.declare.parcel')}</legend>
          <div className="form-grid three">
            <Field path="sellerReference" label="seller.declare.reference" required />
            {hubs.length > 1 && <Field path="hubCode" label="seller.declare.hub" options={hubs.map((h) => ({ value: h.code, label: h.name }))} required />}
            <Field path="service" label="seller.declare.service" options={options(SERVICES, 'service')} required />
            <Field path="category" label="seller.declare.category" options={options(CATEGORIES, 'category')} required />
            <Field path="grossWeightGrams" label="seller.declare.grossWeight" type="number" inputMode="numeric" required />
            <Field path="invoiceNumber" label="seller.declare.invoice" />
            {values.category === 'OTHER' && <Field path="categoryExplanation" label="seller.declare.categoryExplanation" required />}
          </div>
        </fieldset>
        <PartyFields party="sender" />
        <PartyFields party="addressee" />
        {Array.from({ length: lineCount }, (_, i) => (
          <LineFields key={i} index={i} onRemove={lineCount > 1 && i === lineCount - 1 ? () => setLineCount((n) => n - 1) : undefined} />
        ))}
        <div className="toolbar">
          <button type="button" className="secondary" onClick={() => setLineCount((n) => n + 1)}>{t('seller.declare.addLine')}</button>
          <button type="submit">{t('seller.declare.submit')}</button>
        </div>
        <ErrorMessage error={failure} />
      </form>
    </FormProvider>
  );
}
