/** Error codes of the documents module (AppError codes; HTTP status in documents.router.ts). */
export type DocumentsErrorCode = 'DISPATCH_NOT_CLOSED' | 'UNSUPPORTED_FORMAT';
