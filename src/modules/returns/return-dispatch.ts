import { parseS8 } from '../../standards/s8.js';

/** Mail subclass of returned items (UPU code list 117, shared/domain.md §2). */
export const RETURNED_ITEMS_SUBCLASS = 'CB';

/** A return dispatch id as carriers write it, spaces dropped and upper-cased. */
export function normaliseReturnDispatch(raw: string): string {
  return raw.replace(/\s/g, '').toUpperCase();
}

/**
 * Why a return dispatch cannot carry a parcel back to the origin office, or null when it can: it
 * must be a valid S8 id of a returned-items dispatch (subclass CB) whose destination is that office.
 */
export function returnDispatchProblem(dispatch: string, originOffice: string): string | null {
  const s8 = parseS8(dispatch);
  if (!s8.valid) return `Return dispatch ${dispatch}: ${s8.message}`;
  if (s8.parsed.mailSubclass !== RETURNED_ITEMS_SUBCLASS || s8.parsed.destinationOffice !== originOffice) {
    return `A return travels in a returned-items dispatch (mail subclass ${RETURNED_ITEMS_SUBCLASS}) to the origin office ${originOffice}; ${dispatch} is subclass ${s8.parsed.mailSubclass} to ${s8.parsed.destinationOffice}.`;
  }
  return null;
}
