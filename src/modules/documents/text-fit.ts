/**
 * Fitting text into a box: wrap at the given size, then shrink step by step to a minimum size, then
 * cut the last line with an ellipsis. Text never leaves its box. Widths are measured run by run, each
 * run in the font that has its glyphs (fonts.ts).
 */
import { glyphRuns, runWidth, type FontRole } from './fonts.js';

/** Width of a string at font size 1, for a font role. */
export type Measure = (text: string, font: FontRole) => number;

const widthCache = new Map<string, number>();

/** Measures with the embedded fonts; widths are linear in the size, so one measurement per string. */
export const measureText: Measure = (text, font) => {
  const key = `${font}\u0000${text}`;
  let w = widthCache.get(key);
  if (w === undefined) {
    if (widthCache.size > 100_000) widthCache.clear();
    w = glyphRuns(text, font).reduce((sum, run) => sum + runWidth(run), 0);
    widthCache.set(key, w);
  }
  return w;
};

export interface FitOptions {
  width: number;
  height: number;
  size: number;
  minSize: number;
  font: FontRole;
  /** Line height as a multiple of the font size. */
  leading?: number;
  /** At most this many lines, whatever the height (1 for a single-line field). */
  maxLines?: number;
}

export interface FittedText {
  font: FontRole;
  size: number;
  lineHeight: number;
  lines: string[];
  /** True when the text did not fit even at the minimum size and was cut with an ellipsis. */
  truncated: boolean;
}

export const DEFAULT_LEADING = 1.18;
const SHRINK_STEP = 0.5;
const ELLIPSIS = '…';

/** Greedy word wrap; a word longer than the width is broken between characters. */
export function wrapText(text: string, maxWidth: number, size: number, font: FontRole, measure: Measure): string[] {
  const lines: string[] = [];
  const space = measure(' ', font) * size;
  for (const paragraph of text.split('\n')) {
    const words = paragraph.split(/[ \t]+/).filter((w) => w.length > 0);
    if (words.length === 0) {
      lines.push('');
      continue;
    }
    let line = '';
    let lineWidth = 0;
    for (const word of words) {
      const wordWidth = measure(word, font) * size;
      if (line && lineWidth + space + wordWidth <= maxWidth) {
        line += ` ${word}`;
        lineWidth += space + wordWidth;
        continue;
      }
      if (line) lines.push(line);
      if (wordWidth <= maxWidth) {
        line = word;
        lineWidth = wordWidth;
        continue;
      }
      // A word wider than the box: break it where it must be broken.
      let piece = '';
      for (const ch of Array.from(word)) {
        if (piece && measure(piece + ch, font) * size > maxWidth) {
          lines.push(piece);
          piece = ch;
        } else {
          piece += ch;
        }
      }
      line = piece;
      lineWidth = measure(piece, font) * size;
    }
    lines.push(line);
  }
  return lines;
}

export function fitText(text: string, options: FitOptions, measure: Measure): FittedText {
  const font = options.font;
  const leading = options.leading ?? DEFAULT_LEADING;
  const maxLines = options.maxLines ?? Number.POSITIVE_INFINITY;
  const clean = text.replace(/\r\n?/g, '\n').trim();
  let size = options.size;
  for (;;) {
    const lineHeight = size * leading;
    const lines = wrapText(clean, options.width, size, font, measure);
    const fitsLines = Math.min(maxLines, Math.floor((options.height + 0.01) / lineHeight));
    if (lines.length <= fitsLines) return { font, size, lineHeight, lines, truncated: false };
    const next = Math.max(options.minSize, size - SHRINK_STEP);
    if (next === size || size <= options.minSize) {
      const keep = Math.max(1, fitsLines);
      const kept = lines.slice(0, keep);
      kept[keep - 1] = ellipsize(`${kept[keep - 1]}`, options.width, size, font, measure);
      return { font, size, lineHeight, lines: kept, truncated: true };
    }
    size = next;
  }
}

function ellipsize(line: string, maxWidth: number, size: number, font: FontRole, measure: Measure): string {
  const chars = Array.from(line);
  while (chars.length > 0 && measure(chars.join('') + ELLIPSIS, font) * size > maxWidth) chars.pop();
  return chars.join('').trimEnd() + ELLIPSIS;
}
