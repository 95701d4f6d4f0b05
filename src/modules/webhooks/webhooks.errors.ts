/** Error codes of the webhooks module (extensions.code or ErrorResult.errorCode). */
export type WebhookErrorCode = 'WEBHOOK_URL_REFUSED' | 'WEBHOOK_EVENT_TYPES_INVALID' | 'DELIVERY_NOT_REPLAYABLE';
