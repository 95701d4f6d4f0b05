import { readFileSync } from 'node:fs';
import { Router, type Response } from 'express';
import { projectPath } from '../../platform/paths.js';
import { consoleBundle, type ConsoleAsset } from './console.bundle.js';

/** The console talks only to this server; nothing is loaded from anywhere else. */
const CONSOLE_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data: blob:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

function sendAsset(res: Response, ifNoneMatch: string | undefined, type: string, asset: ConsoleAsset): void {
  res.set(CONSOLE_HEADERS).set({ etag: asset.etag, 'cache-control': 'no-cache' });
  if (ifNoneMatch === asset.etag) {
    res.status(304).end();
    return;
  }
  res.type(type).send(asset.body);
}

/** /app: the console's page, and its script and stylesheet bundled from console/src on first use. */
export function consoleRouter(): Router {
  const page = readFileSync(projectPath('console', 'index.html'), 'utf8');
  const router = Router();
  router.get('/app', (_req, res) => {
    res.set(CONSOLE_HEADERS).set('cache-control', 'no-store').type('html').send(page);
  });
  router.get('/app/app.js', async (req, res) => {
    sendAsset(res, req.headers['if-none-match'], 'text/javascript', (await consoleBundle()).js);
  });
  router.get('/app/app.css', async (req, res) => {
    sendAsset(res, req.headers['if-none-match'], 'text/css', (await consoleBundle()).css);
  });
  return router;
}
