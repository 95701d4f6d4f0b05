/** Why an attachment was refused (extensions.code), besides the platform's codes. */
export type AttachmentErrorCode = 'ATTACHMENT_TYPE_REFUSED';
