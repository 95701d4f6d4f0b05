import { Router, type Request, type Response } from 'express';
import type { TrackingService, TrackOutcome } from '../tracking/tracking.service.js';
import type { TrackingEventRow } from '../tracking/tracking.repository.js';
import { LANGUAGES, isLanguage, negotiateLanguage, type Language, type Translations } from './i18n.js';
import { escapeHtml, join, SafeHtml, type Templates } from './template.js';

/** Buyers of split orders track several parcels at once; more than this is refused. */
export const MAX_NUMBERS = 20;
const LANG_COOKIE = 'silkgate_lang';
/** Longest input echoed back (a pasted essay is not a tracking number). */
const MAX_ECHO = 40;

const TERMINAL_STATUSES = new Set(['DELIVERED']);

/** The public pages must not be framed, run scripts or leak the tracking number via Referer. */
const PAGE_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
  vary: 'Accept-Language, Cookie',
};

export interface TrackingPageDeps {
  /** The same service the GraphQL `track` query uses: the page reads nothing else. */
  tracking: TrackingService;
  translations: Translations;
  templates: Templates;
  /** Whether a code is Silkgate's own (SGA, SGH) rather than a UPU item event: labelled as such. */
  isOwnCode: (code: string) => boolean;
}

/** Splits the textarea: one number per line (commas and semicolons also separate); blanks and repeats dropped. */
export function parseNumbers(input: string): string[] {
  const seen = new Set<string>();
  const numbers: string[] = [];
  for (const raw of input.split(/[\r\n,;]+/)) {
    const entry = raw.trim();
    if (!entry) continue;
    const key = entry.replace(/[\s-]/g, '').toUpperCase();
    if (seen.has(key)) continue;
    seen.add(key);
    numbers.push(entry);
  }
  return numbers;
}

function cookieValue(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

/** ?lang= (remembered in a cookie) beats the cookie, which beats Accept-Language. */
export function chooseLanguage(req: Request, res: Response): Language {
  const asked = req.query.lang;
  if (isLanguage(asked)) {
    res.cookie(LANG_COOKIE, asked, { path: '/', sameSite: 'lax', httpOnly: true, maxAge: 365 * 24 * 3600 * 1000 });
    return asked;
  }
  const remembered = cookieValue(req, LANG_COOKIE);
  if (isLanguage(remembered)) return remembered;
  return negotiateLanguage(req.headers['accept-language']);
}

function queryText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string').join('\n');
  return undefined;
}

function echo(input: string): string {
  const compact = input.trim();
  return compact.length > MAX_ECHO ? `${compact.slice(0, MAX_ECHO)}…` : compact;
}

export function trackingPageRouter(deps: TrackingPageDeps): Router {
  const { tracking, translations: tr, templates } = deps;
  const router = Router();

  function switcher(lang: Language, req: Request): SafeHtml {
    return join(
      LANGUAGES.map((l) => {
        const params = new URLSearchParams();
        const n = queryText(req.query.n);
        if (n !== undefined) params.set('n', n);
        params.set('lang', l);
        const m = tr.messages(l);
        return templates.render('lang-link', {
          href: `${req.baseUrl}${req.path}?${params.toString()}`,
          htmlLang: m.htmlLang,
          name: m.language,
          current: l === lang ? new SafeHtml(' aria-current="true"') : '',
        });
      }),
    );
  }

  function form(lang: Language, numbers: string, error?: string): SafeHtml {
    return templates.render('track-form', {
      intro: tr.ui(lang, 'intro'),
      hint: tr.ui(lang, 'numbersHint'),
      numbersLabel: tr.ui(lang, 'numbersLabel'),
      rows: Math.min(Math.max(numbers.split('\n').length + 1, 3), MAX_NUMBERS + 1),
      describedBy: error ? 'numbers-hint numbers-error' : 'numbers-hint',
      numbers,
      error: error ? templates.render('form-error', { message: error }) : '',
      lang,
      submit: tr.ui(lang, 'submit'),
    });
  }

  function page(req: Request, res: Response, lang: Language, status: number, title: string, content: SafeHtml[]): void {
    const html = templates.render('layout', {
      htmlLang: tr.messages(lang).htmlLang,
      title,
      siteName: tr.ui(lang, 'siteName'),
      languageLabel: tr.ui(lang, 'languageLabel'),
      switcher: switcher(lang, req),
      content: join(content, '\n'),
      privacy: tr.ui(lang, 'privacy'),
    });
    res.status(status).set(PAGE_HEADERS).set('content-language', tr.messages(lang).htmlLang).type('html').send(`${html.html}`);
  }

  function timeline(lang: Language, events: readonly TrackingEventRow[]): SafeHtml {
    if (events.length === 0) return new SafeHtml(`<p>${escapeHtml(tr.ui(lang, 'noEvents'))}</p>`);
    // Newest first: the top line answers "where is it now".
    const items = [...events].reverse().map((e) => {
      const occurredAt = new Date(e.occurredAt);
      const place = [e.office, tr.country(lang, e.countryCode)].filter(Boolean).join(', ');
      return templates.render('track-event', {
        code: e.code,
        description: tr.event(lang, e.code),
        codeLabel: tr.ui(lang, deps.isOwnCode(e.code) ? 'ownCodeLabel' : 'codeLabel'),
        iso: occurredAt.toISOString(),
        local: tr.localTime(lang, occurredAt, e.countryCode),
        place: place ? ` · ${place}` : '',
      });
    });
    return new SafeHtml(`<ol class="timeline">${join(items).html}</ol>`);
  }

  function result(lang: Language, outcome: TrackOutcome, input: string, index: number, events: Map<string, TrackingEventRow[]>): SafeHtml {
    const id = `parcel-${index + 1}`;
    switch (outcome.__typename) {
      case 'Tracking': {
        const t = outcome;
        return templates.render('track-parcel', {
          id,
          trackingNumber: t.trackingNumber,
          status: t.status,
          doneClass: TERMINAL_STATUSES.has(t.status) ? ' done' : '',
          statusLabel: tr.ui(lang, 'statusLabel'),
          statusText: tr.status(lang, t.status),
          originLabel: tr.ui(lang, 'originLabel'),
          origin: tr.country(lang, t.originCountry),
          destinationLabel: tr.ui(lang, 'destinationLabel'),
          destination: tr.country(lang, t.destinationCountry),
          serviceLabel: tr.ui(lang, 'serviceLabel'),
          service: tr.service(lang, t.service),
          nextLabel: tr.ui(lang, 'nextLabel'),
          next: tr.next(lang, t.status),
          timelineLabel: tr.ui(lang, 'timelineLabel'),
          timeline: timeline(lang, events.get(t.shipmentId) ?? []),
          localTime: tr.ui(lang, 'localTime'),
        });
      }
      case 'InvalidTrackingNumber':
        return templates.render('track-problem', {
          id,
          problem: outcome.problem,
          title: tr.ui(lang, 'invalidTitle', { number: echo(input) }),
          text: tr.problem(lang, outcome.problem),
          hint: new SafeHtml(`<p>${escapeHtml(tr.ui(lang, 'invalidHint'))}</p>`),
        });
      case 'TrackingNotFound':
        return templates.render('track-problem', {
          id,
          problem: 'NOT_FOUND',
          title: tr.ui(lang, 'notFoundTitle', { number: outcome.trackingNumber }),
          text: tr.ui(lang, 'notFoundText'),
          hint: '',
        });
    }
  }

  async function trackAll(lang: Language, inputs: readonly string[]) {
    const outcomes = await Promise.all(inputs.map((n) => tracking.track(n)));
    const ids = outcomes.flatMap((o) => (o.__typename === 'Tracking' ? [o.shipmentId] : []));
    const events = ids.length ? await tracking.eventsFor(ids) : new Map<string, TrackingEventRow[]>();
    return { outcomes, sections: outcomes.map((o, i) => result(lang, o, inputs[i], i, events)) };
  }

  router.get('/', (_req, res) => {
    res.redirect(302, '/track');
  });

  router.get('/track', async (req, res) => {
    const lang = chooseLanguage(req, res);
    const text = queryText(req.query.n);
    if (text === undefined) {
      page(req, res, lang, 200, tr.ui(lang, 'formTitle'), [form(lang, '')]);
      return;
    }
    const numbers = parseNumbers(text);
    if (numbers.length === 0) {
      page(req, res, lang, 400, tr.ui(lang, 'formTitle'), [form(lang, '', tr.ui(lang, 'noNumbers'))]);
      return;
    }
    if (numbers.length > MAX_NUMBERS) {
      const message = tr.ui(lang, 'tooMany', { count: numbers.length, max: MAX_NUMBERS });
      page(req, res, lang, 400, tr.ui(lang, 'formTitle'), [form(lang, numbers.map(echo).join('\n'), message)]);
      return;
    }
    const { sections } = await trackAll(lang, numbers);
    const title = numbers.length === 1 ? tr.ui(lang, 'resultsTitle', { number: echo(numbers[0]) }) : tr.ui(lang, 'resultsTitleMany', { count: numbers.length });
    page(req, res, lang, 200, title, [form(lang, numbers.map(echo).join('\n')), ...sections]);
  });

  router.get('/track/:number', async (req, res) => {
    const lang = chooseLanguage(req, res);
    const input = String(req.params.number);
    const { outcomes, sections } = await trackAll(lang, [input]);
    const status = outcomes[0].__typename === 'Tracking' ? 200 : outcomes[0].__typename === 'InvalidTrackingNumber' ? 400 : 404;
    page(req, res, lang, status, tr.ui(lang, 'resultsTitle', { number: echo(input) }), [form(lang, echo(input)), ...sections]);
  });

  return router;
}

