import { ApiError } from '../api/client';
import type { Translate } from '../i18n/i18n';

/**
 * A failure in words for the screen. What the console itself notices (no answer, a bare HTTP status)
 * is said in the reader's language; a refusal keeps the API's own message.
 */
export function errorText(t: Translate, error: unknown): string {
  if (error instanceof ApiError && error.code === 'NETWORK') return t('common.unreachable');
  if (error instanceof ApiError && error.code === 'HTTP') return t('common.httpStatus', { status: error.status ?? '?' });
  return error instanceof Error ? error.message : String(error);
}
