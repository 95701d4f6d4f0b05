/** Error codes of regime administration (ErrorResult.errorCode). */
export type RegimeErrorCode =
  | 'REGIME_DOCUMENT_INVALID'
  | 'REGIME_EXAMPLES_FAILED'
  | 'REGIME_VERSION_NOT_FOUND'
  | 'REGIME_VERSION_IS_SEED'
  | 'REGIME_VERSION_STARTED'
  | 'REGIME_VERSION_WITHDRAWN';
