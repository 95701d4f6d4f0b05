import { ApiError } from '../api/client';
import { useI18n } from '../i18n/i18n';

/** A failed request, said in words, announced to screen readers; nothing when there is no error. */
export function ErrorMessage({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!error) return null;
  const message = error instanceof ApiError || error instanceof Error ? error.message : String(error);
  return <p className="error" role="alert">{t('common.error', { message })}</p>;
}
