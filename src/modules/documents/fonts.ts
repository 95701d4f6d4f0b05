/**
 * Fonts embedded in every document. DejaVu Sans (npm `dejavu-fonts-ttf`) covers Latin, Cyrillic and
 * Greek. Chinese needs a CJK font: when `@expo-google-fonts/noto-sans-sc` is installed (about 57 MB, so
 * not a dependency) or SILKGATE_CJK_FONT names a TTF/OTF file, text with Han characters is set in it;
 * otherwise such characters fall back to DejaVu, which has no glyphs for them. See docs/documents.md.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export type FontRole = 'regular' | 'bold' | 'mono' | 'cjk';

interface LoadedFonts {
  regular: Buffer;
  bold: Buffer;
  mono: Buffer;
  cjk: Buffer | null;
}

let loaded: LoadedFonts | undefined;

function resolveOptional(specifier: string): string | null {
  try {
    return require.resolve(specifier);
  } catch {
    return null;
  }
}

function loadFonts(): LoadedFonts {
  const dejavu = (file: string) => readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${file}`));
  const cjkPath =
    (process.env.SILKGATE_CJK_FONT && existsSync(process.env.SILKGATE_CJK_FONT) ? process.env.SILKGATE_CJK_FONT : null) ??
    resolveOptional('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
  return {
    regular: dejavu('DejaVuSans.ttf'),
    bold: dejavu('DejaVuSans-Bold.ttf'),
    mono: dejavu('DejaVuSansMono.ttf'),
    cjk: cjkPath ? readFileSync(cjkPath) : null,
  };
}

export function fonts(): LoadedFonts {
  loaded ??= loadFonts();
  return loaded;
}

/** Registers the fonts on a document under their role names. */
export function registerFonts(doc: PDFKit.PDFDocument): void {
  const f = fonts();
  doc.registerFont('regular', f.regular);
  doc.registerFont('bold', f.bold);
  doc.registerFont('mono', f.mono);
  if (f.cjk) doc.registerFont('cjk', f.cjk);
}

const HAN = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/u;

/** The font a piece of text is set in: the CJK font when it has Han characters and one is installed. */
export function fontFor(text: string, role: Exclude<FontRole, 'cjk'>): FontRole {
  return HAN.test(text) && fonts().cjk ? 'cjk' : role;
}
