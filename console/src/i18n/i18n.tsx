import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import en from './catalogs/en.json';
import ms from './catalogs/ms.json';
import ru from './catalogs/ru.json';
import zh from './catalogs/zh.json';

/** Every message key; the English catalog is the reference the others must match. */
export type MessageKey = keyof typeof en;
export type Locale = 'en' | 'ms' | 'zh' | 'ru';

const CATALOGS: Record<Locale, Partial<Record<MessageKey, string>>> = { en, ms, zh, ru };
/** Whether a key built at run time (from an API value that is a plain string) names a message. */
export const isMessageKey = (key: string): key is MessageKey => Object.hasOwn(en, key);
/** Each language named in itself, for the switcher. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', ms: 'Bahasa Melayu', zh: '中文', ru: 'Русский' };
export const LOCALES = Object.keys(LOCALE_NAMES) as Locale[];
const STORAGE_KEY = 'silkgate.console.locale';

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t: Translate;
  formatNumber(value: number): string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLocale(): Locale {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored && stored in CATALOGS) return stored as Locale;
  const preferred = navigator.languages.map((tag) => tag.slice(0, 2).toLowerCase());
  return (preferred.find((tag) => tag in CATALOGS) as Locale | undefined) ?? 'en';
}

/**
 * `{name}` placeholders are filled from params; a key missing in a catalog falls back to English, and
 * one missing in English (an enum value newer than this console) shows as the key, not a blank screen.
 */
export function translate(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  const template = CATALOGS[locale][key] ?? en[key] ?? key;
  return params ? template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : template;
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem(STORAGE_KEY, next);
    setLocaleState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    const numbers = new Intl.NumberFormat(locale);
    return { locale, setLocale, t: (key, params) => translate(locale, key, params), formatNumber: (n) => numbers.format(n) };
  }, [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n outside I18nProvider');
  return context;
}
