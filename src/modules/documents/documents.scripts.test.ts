/**
 * Chinese, Cyrillic, Latin and digits in one field, on every document, with nothing but the npm
 * install: the text extracts back as given, each glyph run is set in a font that has it (Han in
 * Noto Sans SC, the rest in DejaVu), and rendered Han characters are real glyphs, not tofu boxes.
 */
import { describe, expect, it } from '@jest/globals';
import { printedLines, printedTexts, renderPage, renderPdf as render, type PrintedText, type RenderedPage } from '../../../test/support/pdf.js';
import { cn35Data, labelData, MIXED_ADDRESSEE, mixedScriptDeclaration, mixedScriptDispatch } from '../../../test/support/document-fixtures.js';
import { renderCn35, renderCn38, renderDeclaration, renderLabel, renderManifest } from './documents.renderers.js';

const HAN = /\p{Script=Han}/u;
const NOT_HAN = /[\p{Script=Latin}\p{Script=Cyrillic}\d]/u;

const documents: [string, () => Promise<Buffer>, string[]][] = [
  ['parcel label', () => render((doc) => renderLabel(doc, { ...labelData(), declaration: mixedScriptDeclaration() })),
    [MIXED_ADDRESSEE.name, ...MIXED_ADDRESSEE.addressLines, `100022 ${MIXED_ADDRESSEE.city}`]],
  ['CN 22', () => render((doc) => renderDeclaration(doc, mixedScriptDeclaration())),
    [MIXED_ADDRESSEE.name, MIXED_ADDRESSEE.addressLines[0], '2 × 丝绸围巾 Silk scarf 2件']],
  ['CN 23', () => render((doc) => renderDeclaration(doc, mixedScriptDeclaration({ form: 'CN23' }))),
    [MIXED_ADDRESSEE.name, MIXED_ADDRESSEE.addressLines[0], '丝绸围巾 Silk scarf 2件']],
  ['CN 35', () => render((doc) => renderCn35(doc, cn35Data({ destination: mixedScriptDispatch().destination, carrier: '中国邮政 China Post' }))),
    ['北京 Beijing 国际邮件互换局', '中国邮政 China Post']],
  ['CN 38', () => render((doc) => renderCn38(doc, mixedScriptDispatch())), ['北京 Beijing 国际邮件互换局', '中国邮政 China Post']],
  ['manifest', () => render((doc) => renderManifest(doc, mixedScriptDispatch())), ['北京 Beijing 国际邮件互换局', '中国邮政 China Post', '李娜 Li Na']],
];

describe.each(documents)('%s with Chinese, Cyrillic, Latin and digits', (_name, make, expectedLines) => {
  it('extracts back as the same characters, line by line', async () => {
    const lines = await printedLines(await make());
    for (const line of expectedLines) expect(lines.some((l) => l.includes(line))).toBe(true);
  });

  it('sets Han characters in Noto Sans SC and Latin, Cyrillic and digits in DejaVu, run by run', async () => {
    const items = await printedTexts(await make());
    const han = items.filter((i) => HAN.test(i.str));
    expect(han.length).toBeGreaterThan(0);
    for (const item of han) {
      expect(item.font).toMatch(/^NotoSansSC-/);
      expect(item.str).not.toMatch(NOT_HAN);
    }
    for (const item of items.filter((i) => NOT_HAN.test(i.str))) expect(item.font).toMatch(/^DejaVuSans/);
  });
});

/** Crops one character cell (Han characters advance exactly 1 em) of a rendered page to a bitmap of dark pixels. */
function cell(page: RenderedPage, scale: number, item: PrintedText, index: number): boolean[] {
  const size = Math.round(item.size * scale);
  const left = Math.round((item.x + index * item.size) * scale);
  const top = Math.round((item.y - item.size) * scale);
  const bits: boolean[] = [];
  for (let y = top; y < top + Math.round(size * 1.2); y += 1) {
    for (let x = left; x < left + size; x += 1) bits.push(page.rgba[(y * page.width + x) * 4] < 128);
  }
  return bits;
}

describe('Han glyphs on a rendered label', () => {
  it('are drawn with ink, and different characters look different (tofu boxes would all be the same)', async () => {
    const pdf = await documents[0][1]();
    const scale = 4;
    const page = await renderPage(pdf, 1, scale);
    const cells = new Map<string, boolean[]>();
    for (const item of (await printedTexts(pdf)).filter((i) => HAN.test(i.str))) {
      Array.from(item.str.trimEnd()).forEach((ch, index) => {
        if (HAN.test(ch)) cells.set(ch, cell(page, scale, item, index));
      });
    }
    expect(cells.size).toBeGreaterThanOrEqual(12);
    const bitmaps = [...cells.values()];
    for (const bits of bitmaps) expect(bits.filter(Boolean).length).toBeGreaterThan(bits.length * 0.05);
    for (let a = 0; a < bitmaps.length; a += 1) {
      for (let b = a + 1; b < bitmaps.length; b += 1) {
        const differing = bitmaps[a].filter((bit, i) => bit !== bitmaps[b][i]).length;
        expect(differing).toBeGreaterThan(bitmaps[a].length * 0.05);
      }
    }
  });

  it('embeds subsets: a label with three scripts stays small', async () => {
    const pdf = await documents[0][1]();
    expect(pdf.length).toBeLessThan(100_000);
  });
});
