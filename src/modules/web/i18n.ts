import { readFileSync } from 'node:fs';
import { projectPath } from '../../platform/paths.js';

/** The languages of the public pages; the first is the default. */
export const LANGUAGES = ['en', 'ru', 'ms', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface Messages {
  /** The language's own name, for the switcher. */
  language: string;
  /** BCP 47 tag for <html lang> and Intl. */
  htmlLang: string;
  ui: Record<string, string>;
  problems: Record<string, string>;
  services: Record<string, string>;
  statuses: Record<string, string>;
  next: Record<string, string>;
  events: Record<string, string>;
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * Picks a language from an Accept-Language header (RFC 9110 §12.5.4): highest q first, primary
 * subtag match (zh-TW and zh-CN both get zh, ms-MY gets ms); English when nothing matches.
 */
export function negotiateLanguage(header: string | undefined): Language {
  if (!header) return LANGUAGES[0];
  const ranges = header
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const q = qParam ? Number(qParam.slice(2)) : 1;
      return { primary: tag.trim().toLowerCase().split('-')[0], q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const range of ranges) {
    if (isLanguage(range.primary)) return range.primary;
  }
  return LANGUAGES[0];
}

/** Fills `{name}` placeholders in a message (plain text: the page template escapes it). */
export function format(message: string, params: Record<string, string | number> = {}): string {
  return message.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export class Translations {
  private constructor(private readonly byLanguage: Map<Language, Messages>, private readonly zones: Record<string, string>) {}

  static load(): Translations {
    const byLanguage = new Map<Language, Messages>();
    for (const lang of LANGUAGES) {
      byLanguage.set(lang, JSON.parse(readFileSync(projectPath('templates', 'i18n', `${lang}.json`), 'utf8')) as Messages);
    }
    const zones = (JSON.parse(readFileSync(projectPath('seed', 'country-timezones.json'), 'utf8')) as { zones: Record<string, string> }).zones;
    return new Translations(byLanguage, zones);
  }

  messages(lang: Language): Messages {
    return this.byLanguage.get(lang)!;
  }

  /** A UI string with parameters; falls back to English, then to the key itself. */
  ui(lang: Language, key: string, params?: Record<string, string | number>): string {
    return format(this.messages(lang).ui[key] ?? this.messages('en').ui[key] ?? key, params);
  }

  event(lang: Language, code: string): string {
    return this.messages(lang).events[code] ?? this.ui(lang, 'unknownEvent', { code });
  }

  status(lang: Language, status: string): string {
    return this.messages(lang).statuses[status] ?? this.messages('en').statuses[status] ?? status;
  }

  next(lang: Language, status: string): string {
    return this.messages(lang).next[status] ?? this.messages('en').next[status] ?? '';
  }

  service(lang: Language, service: string): string {
    return this.messages(lang).services[service] ?? service;
  }

  problem(lang: Language, problem: string): string {
    return this.messages(lang).problems[problem] ?? this.messages('en').problems[problem] ?? problem;
  }

  country(lang: Language, code: string | null | undefined): string {
    if (!code) return '';
    try {
      return new Intl.DisplayNames([this.messages(lang).htmlLang], { type: 'region' }).of(code) ?? code;
    } catch {
      return code;
    }
  }

  /** IANA zone of a country (seed/country-timezones.json); UTC when unknown. */
  timeZone(countryCode: string | null | undefined): string {
    return (countryCode && this.zones[countryCode]) || 'UTC';
  }

  /** The instant in the local time of the country where it happened, with the zone's offset. */
  localTime(lang: Language, at: Date, countryCode: string | null | undefined): string {
    return new Intl.DateTimeFormat(this.messages(lang).htmlLang, {
      timeZone: this.timeZone(countryCode),
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    }).format(at);
  }
}
