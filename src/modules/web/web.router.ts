import type { Router } from 'express';
import type { Services } from '../../app/services.js';
import { attachmentsRouter } from '../attachments/attachments.router.js';
import { consoleRouter } from '../console/console.router.js';
import { importsRouter } from '../imports/imports.router.js';
import { Translations } from './i18n.js';
import { opsPageRouter } from './ops-page.js';
import { Templates } from './template.js';
import { trackingPageRouter } from './tracking-page.js';

/** The browser-facing pages: the public tracking page, the operations dashboard and the console. */
export function createWebRouters(services: Services): Router[] {
  return [
    trackingPageRouter({ tracking: services.tracking, translations: Translations.load(), templates: new Templates(), isOwnCode: (code) => services.eventTexts.isOwnCode(code) }),
    opsPageRouter(),
    consoleRouter(),
    importsRouter(services),
    attachmentsRouter(services),
  ];
}
