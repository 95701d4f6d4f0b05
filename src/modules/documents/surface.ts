/**
 * What the layout engine draws on: a PDF page (PDFKit) or a thermal label (ZPL). Coordinates in
 * points from the top-left corner; a backend converts them to its own units.
 */
import { CODE128, code128Bars } from '../../standards/code128.js';
import { glyphRuns, roleFace, runWidth, useFace, type FontRole } from './fonts.js';

export interface Surface {
  addPage(size: [number, number]): void;
  /** One line of text whose top is at y. */
  text(line: string, font: FontRole, size: number, x: number, y: number, color: string): void;
  strokeRect(x: number, y: number, w: number, h: number, lineWidth: number, color: string): void;
  fillRect(x: number, y: number, w: number, h: number, color: string): void;
  line(x1: number, y1: number, x2: number, y2: number, lineWidth: number, color: string): void;
  /** A Code 128 symbol, quiet zones included, `module` points per module, left edge at x. */
  code128(data: string, x: number, y: number, module: number, height: number): void;
}

/** Draws on a PDFKit document, each line run by run in the font that has its glyphs. */
export class PdfSurface implements Surface {
  constructor(private readonly doc: PDFKit.PDFDocument) {}

  addPage(size: [number, number]): void {
    this.doc.addPage({ size, margin: 0 });
  }

  text(line: string, font: FontRole, size: number, x: number, y: number, color: string): void {
    const baseline = y + roleFace(font).ascent * size;
    this.doc.fillColor(color);
    const runs = glyphRuns(line, font);
    let runX = x;
    runs.forEach((run, i) => {
      useFace(this.doc, run.face, size);
      this.doc.text(run.text, runX, baseline, { lineBreak: false, baseline: 'alphabetic' });
      if (i < runs.length - 1) runX += runWidth(run) * size;
    });
  }

  strokeRect(x: number, y: number, w: number, h: number, lineWidth: number, color: string): void {
    this.doc.lineWidth(lineWidth).rect(x, y, w, h).stroke(color);
  }

  fillRect(x: number, y: number, w: number, h: number, color: string): void {
    this.doc.rect(x, y, w, h).fill(color);
  }

  line(x1: number, y1: number, x2: number, y2: number, lineWidth: number, color: string): void {
    this.doc.lineWidth(lineWidth).moveTo(x1, y1).lineTo(x2, y2).stroke(color);
  }

  code128(data: string, x: number, y: number, module: number, height: number): void {
    const left = x + CODE128.QUIET_ZONE * module;
    this.doc.save();
    for (const bar of code128Bars(data)) this.doc.rect(left + bar.x * module, y, bar.width * module, height);
    this.doc.fill('black');
    this.doc.restore();
  }
}
