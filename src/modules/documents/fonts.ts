/**
 * Fonts embedded in every document, chosen per glyph run. DejaVu Sans (npm `dejavu-fonts-ttf`) sets
 * Latin, Cyrillic and Greek; a character DejaVu lacks is set in the first font that has it:
 * SILKGATE_CJK_FONT (a TTF/OTF file, when set), then Noto Sans SC from `@fontsource/noto-sans-sc`.
 * Fontsource ships Noto Sans SC cut into ~100 files by Unicode range (the Google Fonts slicing); we
 * open only the slices a document needs, and read the `.woff` (zlib) files, not the `.woff2`:
 * fontkit reads WOFF2 but its subsetter copies WOFF2's transformed glyph data as is, so every
 * embedded glyph comes out empty. See docs/documents.md.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';

const require = createRequire(import.meta.url);

export type FontRole = 'regular' | 'bold' | 'mono';

/** One font file: `key` is its PDFKit family name (unique per file, so each slice embeds separately). */
export interface FontFace {
  key: string;
  font: fontkit.Font;
  /** Ascent in em, to put every run of a line on one baseline. */
  ascent: number;
}

/** A stretch of text set in one face. */
export interface GlyphRun {
  face: FontFace;
  text: string;
}

function open(key: string, path: string): FontFace {
  const font = fontkit.create(readFileSync(path)) as fontkit.Font;
  return { key, font, ascent: font.ascent / font.unitsPerEm };
}

const DEJAVU: Record<FontRole, string> = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf', mono: 'DejaVuSansMono.ttf' };
/** Noto Sans SC weight for each role (mono has no CJK monospace: regular). */
const NOTO_WEIGHT: Record<FontRole, number> = { regular: 400, bold: 700, mono: 400 };

const primary = new Map<FontRole, FontFace>();
const slices = new Map<string, FontFace>();
let custom: FontFace | null | undefined;
let sliceRanges: { start: number; end: number; slice: string }[] | undefined;

/** The DejaVu face of a role. */
export function roleFace(role: FontRole): FontFace {
  let face = primary.get(role);
  if (!face) {
    face = open(role, require.resolve(`dejavu-fonts-ttf/ttf/${DEJAVU[role]}`));
    primary.set(role, face);
  }
  return face;
}

function customFace(): FontFace | null {
  if (custom === undefined) {
    const path = process.env.SILKGATE_CJK_FONT;
    custom = path && existsSync(path) ? open('cjk-custom', path) : null;
  }
  return custom;
}

/** Unicode ranges of the Noto Sans SC slices, from the package's unicode.json (`"[27]": "U+4e00-4e0f,…"`). */
function ranges(): { start: number; end: number; slice: string }[] {
  if (!sliceRanges) {
    const table = JSON.parse(readFileSync(require.resolve('@fontsource/noto-sans-sc/unicode.json'), 'utf8')) as Record<string, string>;
    sliceRanges = Object.entries(table).flatMap(([name, list]) =>
      list.split(',').map((range) => {
        const [start, end] = range.trim().replace(/^U\+/i, '').split('-').map((hex) => parseInt(hex, 16));
        return { start, end: end ?? start, slice: name.replace(/[[\]]/g, '') };
      }),
    );
  }
  return sliceRanges;
}

function notoFace(codePoint: number, weight: number): FontFace | null {
  for (const r of ranges()) {
    if (codePoint < r.start || codePoint > r.end) continue;
    const key = `noto-sc-${weight}-${r.slice}`;
    let face = slices.get(key);
    if (!face) {
      face = open(key, require.resolve(`@fontsource/noto-sans-sc/files/noto-sans-sc-${r.slice}-${weight}-normal.woff`));
      slices.set(key, face);
    }
    if (face.font.hasGlyphForCodePoint(codePoint)) return face;
  }
  return null;
}

const chosen = new Map<string, FontFace>();

/** The face a character is set in for a role: DejaVu when it has the glyph, else the first fallback that has it. */
export function faceFor(codePoint: number, role: FontRole): FontFace {
  const cacheKey = `${role}:${codePoint}`;
  let face = chosen.get(cacheKey);
  if (!face) {
    const own = roleFace(role);
    const cjk = customFace();
    face = own.font.hasGlyphForCodePoint(codePoint)
      ? own
      : cjk?.font.hasGlyphForCodePoint(codePoint)
        ? cjk
        : (notoFace(codePoint, NOTO_WEIGHT[role]) ?? own);
    chosen.set(cacheKey, face);
  }
  return face;
}

/** Splits text into runs of one face each; spaces stay with the run they are in. */
export function glyphRuns(text: string, role: FontRole): GlyphRun[] {
  const runs: GlyphRun[] = [];
  for (const ch of text) {
    const last = runs.at(-1);
    const face = last && /\s/.test(ch) ? last.face : faceFor(ch.codePointAt(0)!, role);
    if (last && last.face === face) last.text += ch;
    else runs.push({ face, text: ch });
  }
  return runs;
}

/**
 * Sets a face on a document. PDFKit takes a fontkit font as a source (its typings only list files and
 * buffers). All Noto slices are named NotoSansSC-Regular (or -Bold); PDFKit would merge two fonts of one
 * name with the same head checksum, which no two slices of the package share (checked for 400 and 700).
 */
export function useFace(doc: PDFKit.PDFDocument, face: FontFace, size: number): void {
  doc.font(face.font as unknown as Buffer, face.key).fontSize(size);
}

const widths = new Map<string, number>();

/** Advance width of a run at font size 1 (what PDFKit's widthOfString computes, without a document); cached, as layout is costly. */
export function runWidth(run: GlyphRun): number {
  const key = `${run.face.key}\u0000${run.text}`;
  let width = widths.get(key);
  if (width === undefined) {
    if (widths.size > 100_000) widths.clear();
    width = run.face.font.layout(run.text).advanceWidth / run.face.font.unitsPerEm;
    widths.set(key, width);
  }
  return width;
}
