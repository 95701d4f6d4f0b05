import type { HsEntry } from './reference.service.js';

/**
 * The headings and subheadings a code picker offers for what was typed: by code prefix when the
 * search is digits (dots and spaces ignored, "6109.10" finds 610910), else by every word of it
 * appearing in the title, case-insensitively. Codes in ascending order.
 */
export function searchHsCodes(entries: Iterable<HsEntry>, search: string, first: number): HsEntry[] {
  const digits = search.replace(/[\s.]/g, '');
  const words = search.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  const matches = /^\d+$/.test(digits)
    ? (e: HsEntry) => e.code.startsWith(digits)
    : (e: HsEntry) => {
        const title = e.title.toLocaleLowerCase();
        return words.length > 0 && words.every((w) => title.includes(w));
      };
  return [...entries].filter(matches).sort((a, b) => a.code.localeCompare(b.code)).slice(0, first);
}
