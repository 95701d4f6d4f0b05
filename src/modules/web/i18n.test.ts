import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { projectPath } from '../../platform/paths.js';
import { STATUS_ORDER } from '../operations/operations.service.js';
import { format, LANGUAGES, negotiateLanguage, Translations } from './i18n.js';

const tr = Translations.load();
const seed = JSON.parse(readFileSync(projectPath('seed', 'event-codes.json'), 'utf8')) as { events: { code: string }[]; statuses: { status: string }[] };

describe('negotiateLanguage', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7', 'ru'],
    ['de-DE,de;q=0.9', 'en'],
    ['de-DE, ms;q=0.5, en;q=0.4', 'ms'],
    ['zh-TW', 'zh'],
    ['zh-Hans-CN;q=0.8, ru;q=0.9', 'ru'],
    ['en;q=0, ru;q=0.1', 'ru'],
    ['fr, *;q=0.1', 'en'],
    ['ms-MY', 'ms'],
  ])('%s → %s', (header, expected) => {
    expect(negotiateLanguage(header)).toBe(expected);
  });
});

describe('translations', () => {
  const en = tr.messages('en');

  it.each(LANGUAGES)('%s has every key English has, none empty', (lang) => {
    const m = tr.messages(lang);
    for (const section of ['ui', 'problems', 'services', 'statuses', 'next', 'events'] as const) {
      expect(Object.keys(m[section]).sort()).toEqual(Object.keys(en[section]).sort());
      for (const value of Object.values(m[section])) expect(value.trim()).not.toBe('');
    }
  });

  it.each(LANGUAGES)('%s names every UPU event code of seed/event-codes.json and every status with its next step', (lang) => {
    const m = tr.messages(lang);
    for (const { code } of seed.events) expect(m.events[code]).toBeDefined();
    for (const { status } of seed.statuses) {
      expect(m.statuses[status]).toBeDefined();
      expect(m.next[status]).toBeDefined();
    }
    expect(seed.statuses.map((s) => s.status)).toEqual([...STATUS_ORDER]);
  });

  it('translates rather than copies English (status texts differ per language)', () => {
    for (const lang of LANGUAGES.filter((l) => l !== 'en')) expect(tr.status(lang, 'DELIVERED')).not.toBe(tr.status('en', 'DELIVERED'));
  });

  it('says the duty is due on delivery', () => {
    expect(tr.next('en', 'DUTY_DUE')).toMatch(/^Duty due — the buyer pays on delivery/);
  });

  it('falls back for an unknown event code', () => {
    expect(tr.event('ru', 'ZZZ')).toBe('Почтовое событие ZZZ');
  });

  it('names countries in the page language', () => {
    expect(tr.country('en', 'RU')).toBe('Russia');
    expect(tr.country('ru', 'MY')).toBe('Малайзия');
    expect(tr.country('zh', 'RU')).toBe('俄罗斯');
  });

  it('shows times in the local time of the country where the event happened', () => {
    const at = new Date('2026-11-11T00:30:00Z');
    expect(tr.localTime('en', at, 'MY')).toMatch(/08:30/);
    expect(tr.localTime('en', at, 'RU')).toMatch(/03:30/);
    expect(tr.localTime('en', at, null)).toMatch(/00:30/);
    expect(tr.timeZone('XX')).toBe('UTC');
  });

  it('fills placeholders', () => {
    expect(format('{count} of {max}', { count: 21, max: 20 })).toBe('21 of 20');
    expect(format('{unknown}', {})).toBe('{unknown}');
  });
});
