/** Per-event error codes of reportCarrierEvents (CarrierEventRejected.errorCode). */
export type CarrierEventErrorCode =
  | 'INVALID_EVENT'
  | 'UNKNOWN_EVENT_CODE'
  | 'UNKNOWN_ITEM'
  | 'NOT_YOUR_ITEM'
  | 'UNKNOWN_RECEPTACLE';

/** extensions.code of the pull queue's refusals. */
export type HandoffErrorCode = 'LEASE_LOST';
