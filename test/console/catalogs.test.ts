import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { SHIPMENT_STATUSES } from '../../console/src/i18n/shipment-statuses.js';
import { projectPath } from '../../src/platform/paths.js';

const DIR = projectPath('console', 'src', 'i18n', 'catalogs');
const catalog = (file: string) => JSON.parse(readFileSync(`${DIR}/${file}`, 'utf8')) as Record<string, string>;
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('console catalogs', () => {
  const english = catalog('en.json');
  it.each(readdirSync(DIR).filter((f) => f !== 'en.json'))('%s translates every English key, with the same placeholders', (file) => {
    const other = catalog(file);
    expect(Object.keys(other).sort()).toEqual(Object.keys(english).sort());
    for (const [key, text] of Object.entries(english)) {
      expect([key, placeholders(other[key])]).toEqual([key, placeholders(text)]);
      expect([key, other[key].trim().length > 0]).toEqual([key, true]);
    }
  });

  it('names every parcel status of seed/event-codes.json, in its order, and the console lists them in that order', () => {
    const seeded = (JSON.parse(readFileSync(projectPath('seed', 'event-codes.json'), 'utf8')) as { statuses: { status: string }[] }).statuses.map((s) => s.status);
    expect(SHIPMENT_STATUSES).toEqual(seeded);
    expect(Object.keys(english).filter((k) => k.startsWith('status.'))).toEqual(seeded.map((s) => `status.${s}`));
  });
});
