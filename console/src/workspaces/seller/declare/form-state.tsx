import { createContext, useContext, type ChangeEvent, type ReactNode } from 'react';
import type { MessageKey } from '../../../i18n/i18n';
import { useI18n } from '../../../i18n/i18n';

/** The form's values and errors keyed by the API's field paths (`addressee.phone`, `lines[1].hsCode`). */
export interface FormState {
  values: Record<string, string>;
  errors: Record<string, string>;
  set(path: string, value: string): void;
}

const FormContext = createContext<FormState | null>(null);
export const FormProvider = ({ state, children }: { state: FormState; children: ReactNode }) => <FormContext.Provider value={state}>{children}</FormContext.Provider>;

export function useField(path: string) {
  const state = useContext(FormContext);
  if (!state) throw new Error('useField outside FormProvider');
  const id = `f-${path.replace(/[^\w]/g, '-')}`;
  const error = state.errors[path];
  return {
    id,
    error,
    errorId: `${id}-error`,
    props: {
      id,
      name: path,
      value: state.values[path] ?? '',
      'aria-invalid': error ? true : undefined,
      'aria-describedby': error ? `${id}-error` : undefined,
      onChange: (e: ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => state.set(path, e.target.value),
    },
  };
}

/** Where an API error path shows: money errors at the amount, an address' lines at its first line. */
export function fieldOfPath(path: string): string {
  const money = /^(.*)\.value\.(amountMinor|currency)$/.exec(path);
  if (money) return money[2] === 'currency' ? `${money[1]}.currency` : `${money[1]}.value`;
  if (/\.addressLines$/.test(path)) return `${path}[0]`;
  return path;
}

interface FieldProps {
  path: string;
  label: MessageKey;
  type?: string;
  required?: boolean;
  options?: readonly { value: string; label: string }[];
  hint?: ReactNode;
  autoComplete?: string;
  inputMode?: 'numeric' | 'decimal' | 'tel' | 'email' | 'text';
  list?: string;
}

/** A labelled input or select whose error (from the API) is shown under it and read with it. */
export function Field({ path, label, type = 'text', required, options, hint, autoComplete = 'off', inputMode, list }: FieldProps) {
  const { t } = useI18n();
  const field = useField(path);
  return (
    <div className="field">
      <label htmlFor={field.id}>{t(label)}{required ? ' *' : ''}</label>
      {options ? (
        <select {...field.props} required={required}>
          {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
        </select>
      ) : (
        <input {...field.props} type={type} required={required} autoComplete={autoComplete} inputMode={inputMode} list={list} />
      )}
      {hint}
      {field.error && <p className="field-error" id={field.errorId}>{field.error}</p>}
    </div>
  );
}
