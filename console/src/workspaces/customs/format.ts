import type { CustomsLane } from '../../graphql/generated/graphql';
import { useI18n } from '../../i18n/i18n';

/** The lane badge's classes (colour plus text, never colour alone). */
export const laneClass = (lane: CustomsLane | null | undefined) => `lane lane-${(lane ?? 'none').toLowerCase()}`;

/** Translations plus a short UTC date-time, the way officers log times. */
export function useLocal() {
  const i18n = useI18n();
  const formatDate = (iso: string | null | undefined) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '');
  return { ...i18n, formatDate };
}
