/** Per-event error codes of reportCarrierEvents (CarrierEventRejected.errorCode). */
export type CarrierEventErrorCode =
  | 'INVALID_EVENT'
  | 'UNKNOWN_EVENT_CODE'
  | 'UNKNOWN_ITEM'
  | 'NOT_YOUR_ITEM'
  | 'UNKNOWN_RECEPTACLE'
  /** A return (SGR) whose dispatch is not a returned-items (CB) dispatch to the origin office. */
  | 'INVALID_RETURN_DISPATCH'
  /** A return (SGR) of a parcel not in the carrier's hands, or already on its way back. */
  | 'RETURN_NOT_ALLOWED';

/** extensions.code of the pull queue's refusals. */
export type HandoffErrorCode = 'LEASE_LOST';
