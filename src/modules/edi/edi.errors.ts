/** extensions.code of the EDI module's refusals (AppError codes). */
export type EdiErrorCode =
  /** An export or consignment named a dispatch that is still open. */
  | 'DISPATCH_NOT_CLOSED'
  /** A dispatch is already in another consignment. */
  | 'DISPATCH_ALREADY_CONSIGNED'
  /** The dispatches of one consignment belong to different carriers or hubs. */
  | 'CONSIGNMENT_MIXED';

/** HTTP status of each EDI code on the REST routes. */
export const EDI_HTTP_STATUS: Record<EdiErrorCode, number> = {
  DISPATCH_NOT_CLOSED: 409,
  DISPATCH_ALREADY_CONSIGNED: 409,
  CONSIGNMENT_MIXED: 400,
};
