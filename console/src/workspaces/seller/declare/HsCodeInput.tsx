import { useEffect, useState } from 'react';
import { graphql } from '../../../graphql/generated';
import type { HsCodesQuery } from '../../../graphql/generated/graphql';
import { useI18n } from '../../../i18n/i18n';
import { useSession } from '../../../shell/session';
import { useField } from './form-state';

const HsCodes = graphql(`
  query HsCodes($search: String!) {
    hsCodes(search: $search, first: 20) { code title }
  }
`);

/** An HS code input offering the seeded headings and subheadings matching what is typed (code or words). */
export function HsCodeInput({ path }: { path: string }) {
  const { t } = useI18n();
  const { run } = useSession();
  const field = useField(path);
  const [options, setOptions] = useState<HsCodesQuery['hsCodes']>([]);
  const search = field.props.value.trim();
  useEffect(() => {
    if (search.length < 2) return;
    let current = true;
    const timer = setTimeout(() => {
      run(HsCodes, { search }).then((data) => current && setOptions(data.hsCodes), () => undefined);
    }, 150);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [run, search]);
  const chosen = options.find((o) => o.code === search.replace(/[\s.]/g, '').slice(0, o.code.length));
  const listId = `${field.id}-options`;
  const hintId = `${field.id}-hint`;
  return (
    <div className="field">
      <label htmlFor={field.id}>{t('seller.declare.hsCode')} *</label>
      <input {...field.props} aria-describedby={[hintId, field.props['aria-describedby']].filter(Boolean).join(' ')} list={listId} required autoComplete="off" />
      <datalist id={listId}>
        {options.map((o) => <option key={o.code} value={o.code}>{`${o.code} — ${o.title}`}</option>)}
      </datalist>
      <p className="muted" id={hintId}>{chosen ? `${chosen.code} — ${chosen.title}` : t('seller.declare.hsHint')}</p>
      {field.error && <p className="field-error" id={field.errorId}>{field.error}</p>}
    </div>
  );
}
