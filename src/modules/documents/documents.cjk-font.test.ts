/**
 * SILKGATE_CJK_FONT names a font file for Han characters. It used to take whole fields, so the Latin
 * letters and digits next to Chinese turned into boxes; now it only sets the characters DejaVu lacks.
 */
import { describe, expect, it } from '@jest/globals';
import { createRequire } from 'node:module';
import { printedLines, printedTexts } from '../../../test/support/pdf.js';
import { labelData, MIXED_ADDRESSEE, mixedScriptDeclaration } from '../../../test/support/document-fixtures.js';

// A font file of its own (one slice of Noto Sans SC Regular, which has 王): set before fonts.ts reads it.
process.env.SILKGATE_CJK_FONT = createRequire(import.meta.url).resolve('@fontsource/noto-sans-sc/files/noto-sans-sc-116-400-normal.woff');
const { createPdf, pdfBuffer, renderLabel } = await import('./documents.renderers.js');
const { faceFor } = await import('./fonts.js');

describe('SILKGATE_CJK_FONT', () => {
  it('sets the Han characters it has, and leaves Latin letters and digits of the same field to DejaVu', async () => {
    expect(faceFor('王'.codePointAt(0)!, 'bold').key).toBe('cjk-custom');
    expect(faceFor('W'.codePointAt(0)!, 'bold').key).toBe('bold');
    const doc = createPdf('test');
    const out = pdfBuffer(doc);
    renderLabel(doc, { ...labelData(), declaration: mixedScriptDeclaration() });
    doc.end();
    const pdf = await out;
    expect(await printedLines(pdf)).toContain(MIXED_ADDRESSEE.name);
    const items = await printedTexts(pdf);
    expect(items.find((i) => i.str.includes('Wang'))?.font).toBe('DejaVuSans-Bold');
    expect(items.find((i) => i.str.includes('88'))?.font).toBe('DejaVuSans-Bold');
    expect(items.find((i) => i.str.startsWith('王'))?.font).toMatch(/^NotoSansSC-Regular/);
  });
});
