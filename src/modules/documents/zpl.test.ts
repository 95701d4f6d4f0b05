/**
 * ZPL output: golden files (test/golden/zpl/*.zpl, compared byte for byte; regenerate after an
 * intended change with `UPDATE_GOLDEN=1 npm test -- src/modules/documents/zpl`) and structural checks
 * that hold for any label: 4 × 6 in at 203 dpi, UTF-8, everything inside the label, graphics that
 * decode to their declared size, ^BC carrying the S10 / S9.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { projectPath } from '../../platform/paths.js';
import { code128Modules } from '../../standards/code128.js';
import { cn35Data, declarationData, labelData, manyLineDeclaration, mixedScriptDeclaration, S9 } from '../../../test/support/document-fixtures.js';
import { barcodeData, decodeGraphic, fieldText, parseZpl, type ZplLabel } from '../../../test/support/zpl.js';
import { renderCn35Zpl, renderLabelsZpl } from './documents.renderers.js';
import { zplCode128Data } from './zpl.surface.js';

const fixtures: [string, () => string, string][] = [
  ['label-cn22', () => renderLabelsZpl([labelData()]), 'LM100000015MY'],
  ['label-cn23', () => renderLabelsZpl([labelData({ form: 'CN23' })]), 'LM100000015MY'],
  ['label-mixed-script', () => renderLabelsZpl([{ ...labelData(), declaration: mixedScriptDeclaration() }]), 'LM100000015MY'],
  ['cn35', () => renderCn35Zpl(cn35Data()), S9],
];

describe.each(fixtures)('%s.zpl', (name, render, barcode) => {
  it('equals the committed golden file', () => {
    const path = projectPath('test', 'golden', 'zpl', `${name}.zpl`);
    const zpl = render();
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, zpl);
    expect(zpl).toBe(readFileSync(path, 'utf8'));
  });

  it('is a 4 × 6 in, 203 dpi, UTF-8 label with every field inside it and the identifier in ^BC', () => {
    const labels = parseZpl(render());
    expect(labels).toHaveLength(1);
    checkLabel(labels[0]);
    expect(labels[0].fields.map(barcodeData).filter(Boolean)).toEqual([barcode]);
  });
});

function checkLabel(label: ZplLabel): void {
  expect(label.setup).toEqual(['^CI28', '^PW812', '^LL1218', '^LH0,0']);
  for (const f of label.fields) {
    const where = `${f.x},${f.y} ${f.body.slice(0, 40)}`;
    expect([where, f.x >= 0 && f.y >= 0]).toEqual([where, true]);
    const box = /^\^GB(\d+),(\d+),(\d+)$/.exec(f.body) ?? /^\^GD(\d+),(\d+),(\d+),B,[LR]$/.exec(f.body);
    const graphic = decodeGraphic(f);
    const text = fieldText(f);
    const symbol = /^\^BY(\d+),3,(\d+)\^BCN,\2,N,N,N,N\^FD[^^~]+$/.exec(f.body);
    let right: number;
    let bottom: number;
    if (box) {
      [right, bottom] = [f.x + Number(box[1]), f.y + Number(box[2])];
    } else if (graphic) {
      expect(graphic.bytesPerRow * graphic.height).toBe(graphic.totalBytes);
      expect(graphic.dots.some(Boolean)).toBe(true);
      [right, bottom] = [f.x + graphic.width - 8, f.y + graphic.height];
    } else if (text !== null) {
      // Font 0 text: Latin-1 only, ^ and ~ never raw in field data.
      expect(f.body).toMatch(/^(\^FR)?\^A0N,(\d+),\2\^FH\^FD[^^~]*$/);
      expect(text).toMatch(/^[\x20-\x7e\u00a0-\u00ff]+$/);
      [right, bottom] = [f.x, f.y + Number(/\^A0N,(\d+)/.exec(f.body)![1])];
    } else {
      expect(symbol).not.toBeNull();
      [right, bottom] = [f.x + code128Modules(barcodeData(f)!) * Number(symbol![1]), f.y + Number(symbol![2])];
    }
    expect([where, right <= 812 && bottom <= 1218]).toEqual([where, true]);
  }
}

describe('ZPL details', () => {
  it('feeds ^BC the code sets our Code 128 encoder chose, so the printer prints the same symbol as the PDF', () => {
    expect(zplCode128Data('LM100000015MY')).toBe('>:LM1>500000015>6MY');
    expect(zplCode128Data(S9)).toBe('>:MYKULARUMOWAACC>560042017000184');
    expect(zplCode128Data('123456')).toBe('>;123456');
  });

  it('escapes ^, ~ and _ in field data with ^FH, and they read back', () => {
    const sender = { ...declarationData().sender, name: 'Shop ^Top~ _1_' };
    const [label] = parseZpl(renderLabelsZpl([labelData({ sender })]));
    expect(label.fields.map(fieldText)).toContain('Shop ^Top~ _1_');
    expect(label.fields.some((f) => f.body.includes('Shop _5ETop_7E _5F1_5F'))).toBe(true);
  });

  it('continues a CN 22 block that does not fit on a second label, every line once', () => {
    const many = manyLineDeclaration(12);
    const labels = parseZpl(renderLabelsZpl([labelData({ form: 'CN22', lines: many.lines.map((l) => ({ ...l, description: l.description.slice(0, 24) })) })]));
    expect(labels.length).toBeGreaterThan(1);
    for (const label of labels) checkLabel(label);
    const texts = labels.flatMap((l) => l.fields.map(fieldText));
    for (const line of many.lines) expect(texts.filter((t) => t?.includes(line.description.slice(0, 24)))).toHaveLength(1);
  });

  it('draws text that font 0 lacks as bitmaps: each line its own, Chinese and Cyrillic with ink', () => {
    const [label] = parseZpl(renderLabelsZpl([{ ...labelData(), declaration: mixedScriptDeclaration() }]));
    const graphics = label.fields.map(decodeGraphic).filter((g) => g !== null);
    expect(graphics.length).toBeGreaterThanOrEqual(4);
    const distinct = new Set(graphics.map((g) => Buffer.from(g!.dots).toString('base64')));
    expect(distinct.size).toBe(graphics.length);
  });
});
