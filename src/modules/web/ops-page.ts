import { readFileSync } from 'node:fs';
import { Router } from 'express';
import { projectPath } from '../../platform/paths.js';

/**
 * The operations dashboard: a static page and a small script. The script signs in with an API key
 * kept in sessionStorage (never in a URL), sends it only as `Authorization: Bearer` to /graphql and
 * draws every chart from the GraphQL API — there is no other data path.
 */
const OPS_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};

export function opsPageRouter(): Router {
  const page = readFileSync(projectPath('templates', 'pages', 'ops.html'), 'utf8');
  const script = readFileSync(projectPath('templates', 'assets', 'ops.js'), 'utf8');
  const router = Router();
  router.get('/ops', (_req, res) => {
    res.set(OPS_HEADERS).type('html').send(page);
  });
  router.get('/ops/ops.js', (_req, res) => {
    res.set(OPS_HEADERS).type('text/javascript').send(script);
  });
  // The sign-in form posts here only when scripts are off. The body is never read (so a key typed
  // into it goes nowhere, not even the log); the page explains that the dashboard needs JavaScript.
  router.post('/ops', (_req, res) => {
    res.redirect(303, '/ops#needs-javascript');
  });
  return router;
}
