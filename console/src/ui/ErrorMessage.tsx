import { useI18n } from '../i18n/i18n';
import { errorText } from './error-text';

/** A failed request, said in words, announced to screen readers; nothing when there is no error. */
export function ErrorMessage({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!error) return null;
  return <p className="error" role="alert">{t('common.error', { message: errorText(t, error) })}</p>;
}
