/**
 * Reading generated PDFs back, with nothing but npm packages: pdfjs-dist extracts text and renders a
 * page onto an @napi-rs/canvas (its Node canvas), @zxing/library decodes Code 128 from the pixels.
 */
import { BarcodeFormat, BinaryBitmap, DecodeHintType, HybridBinarizer, MultiFormatReader, RGBLuminanceSource } from '@zxing/library';
import { getDocument, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { createPdf, pdfBuffer } from '../../src/modules/documents/documents.renderers.js';

/** A PDF made by `draw` (one or more renderers) on a fresh document. */
export async function renderPdf(draw: (doc: PDFKit.PDFDocument) => unknown): Promise<Buffer> {
  const doc = createPdf('test');
  const out = pdfBuffer(doc);
  draw(doc);
  doc.end();
  return out;
}

export async function openPdf(pdf: Uint8Array): Promise<PDFDocumentProxy> {
  return getDocument({ data: new Uint8Array(pdf), disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
}

/** Text of each page, item by item (pdfkit writes one item per printed line). */
export async function pageTexts(pdf: Uint8Array): Promise<string[][]> {
  const doc = await openPdf(pdf);
  try {
    const pages: string[][] = [];
    for (let n = 1; n <= doc.numPages; n += 1) {
      const content = await (await doc.getPage(n)).getTextContent();
      pages.push(content.items.map((item) => ('str' in item ? item.str : '')).filter((s) => s.trim().length > 0));
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

/** All text of the document with wrapped lines joined by single spaces. */
export async function allText(pdf: Uint8Array): Promise<string> {
  return (await pageTexts(pdf)).flat().join(' ').replace(/\s+/g, ' ');
}

export interface RenderedPage {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
  png(): Buffer;
}

export async function renderPage(pdf: Uint8Array, pageNumber = 1, scale = 3): Promise<RenderedPage> {
  const doc = await openPdf(pdf);
  try {
    const page = await doc.getPage(pageNumber);
    const viewport = page.getViewport({ scale });
    const factory = (doc as unknown as { canvasFactory: { create(w: number, h: number): { canvas: any; context: any } } }).canvasFactory;
    const { canvas, context } = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
    context.fillStyle = 'white';
    context.fillRect(0, 0, canvas.width, canvas.height);
    await page.render({ canvasContext: context, viewport, canvas } as never).promise;
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    return { width: canvas.width, height: canvas.height, rgba: image.data, png: () => canvas.toBuffer('image/png') };
  } finally {
    await doc.destroy();
  }
}

/** Decodes the Code 128 symbol in a region of a rendered page (the whole page by default). */
export function decodeCode128(page: RenderedPage, region?: { x: number; y: number; w: number; h: number }): string {
  const r = region ?? { x: 0, y: 0, w: page.width, h: page.height };
  const luminance = new Uint8ClampedArray(r.w * r.h);
  for (let y = 0; y < r.h; y += 1) {
    for (let x = 0; x < r.w; x += 1) {
      const p = ((r.y + y) * page.width + (r.x + x)) * 4;
      luminance[y * r.w + x] = (page.rgba[p] * 299 + page.rgba[p + 1] * 587 + page.rgba[p + 2] * 114) / 1000;
    }
  }
  const reader = new MultiFormatReader();
  const hints = new Map<DecodeHintType, unknown>([
    [DecodeHintType.POSSIBLE_FORMATS, [BarcodeFormat.CODE_128]],
    [DecodeHintType.TRY_HARDER, true],
  ]);
  reader.setHints(hints);
  return reader.decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(luminance, r.w, r.h)))).getText();
}

export interface PrintedText {
  str: string;
  /** PostScript name of the embedded font, without the subset tag (e.g. NotoSansSC-Bold). */
  font: string;
  /** Position of the baseline's start and the item's size, in points from the page's top-left corner. */
  x: number;
  y: number;
  width: number;
  size: number;
}

/** Every text item of a page with the font it is set in (fonts are known once the page is parsed). */
export async function printedTexts(pdf: Uint8Array, pageNumber = 1): Promise<PrintedText[]> {
  const doc = await openPdf(pdf);
  try {
    const page = await doc.getPage(pageNumber);
    await page.getOperatorList();
    const [, , , height] = page.view;
    const content = await page.getTextContent();
    return content.items.flatMap((item) => {
      if (!('str' in item) || !item.str) return [];
      const font = (page.commonObjs.get(item.fontName) as { name: string }).name.replace(/^[A-Z]{6}\+/, '');
      return [{ str: item.str, font, x: item.transform[4], y: height - item.transform[5], width: item.width, size: item.transform[0] }];
    });
  } finally {
    await doc.destroy();
  }
}

/** A page's printed lines: items on one baseline joined in order, whatever font each is set in. */
export async function printedLines(pdf: Uint8Array, pageNumber = 1): Promise<string[]> {
  const byLine = new Map<number, PrintedText[]>();
  for (const item of await printedTexts(pdf, pageNumber)) {
    const key = Math.round(item.y * 2);
    byLine.set(key, [...(byLine.get(key) ?? []), item]);
  }
  return [...byLine.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, items]) => items.sort((a, b) => a.x - b.x).map((i) => i.str).join('').replace(/\s+/g, ' ').trim());
}
