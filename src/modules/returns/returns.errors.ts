/** extensions.code of the returns module's refusals (nothing is written when one is answered). */
export type ReturnsErrorCode =
  /** The parcel's status does not allow this return step (e.g. a carrier return of a parcel not in its hands). */
  | 'RETURN_NOT_ALLOWED'
  /** The return dispatch is not a valid S8 id of a returned-items dispatch (mail subclass CB) to the origin. */
  | 'INVALID_RETURN_DISPATCH'
  /** A carrier reported a return for a parcel of another carrier's lanes. */
  | 'NOT_YOUR_ITEM'
  /** The origin wants the returned goods declared for re-import and customs has not released them. */
  | 'REIMPORT_PENDING'
  /** The seller recalled a parcel already bagged or dispatched. */
  | 'RECALL_TOO_LATE'
  /** The seller chose ABANDON where the rules do not allow it (back at the origin, or a recall). */
  | 'ABANDON_NOT_ALLOWED';
