/** Error codes of the customs module (typed results carry them in errorCode; AppErrors in extensions.code). */
export type CustomsErrorCode =
  | 'CONFLICT'
  | 'ILLEGAL_TRANSITION'
  | 'REASON_REQUIRED'
  | 'DOCUMENT_REQUEST_ANSWERED'
  | 'PAYMENT_DECLINED'
  | 'AMOUNT_MISMATCH'
  | 'NOTHING_DUE'
  | 'PAYMENT_REFERENCE_USED';
