import type { Router } from 'express';
import type { Services } from '../../app/services.js';
import { Translations } from './i18n.js';
import { opsPageRouter } from './ops-page.js';
import { Templates } from './template.js';
import { trackingPageRouter } from './tracking-page.js';

/** The browser-facing pages: the public tracking page and the operations dashboard. */
export function createWebRouters(services: Services): Router[] {
  return [
    trackingPageRouter({ tracking: services.tracking, translations: Translations.load(), templates: new Templates(), isOwnCode: (code) => services.eventTexts.isOwnCode(code) }),
    opsPageRouter(),
  ];
}
