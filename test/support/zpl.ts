/**
 * Reading generated ZPL back: its labels, fields and graphics, and a preview PNG (@napi-rs/canvas)
 * that draws boxes, font-0 text, ^GFA bitmaps and ^BC symbols (bars from our own Code 128 encoder,
 * fed the data decoded from the ^BC field) at one pixel per dot.
 */
import { createCanvas } from '@napi-rs/canvas';
import { code128Bars } from '../../src/standards/code128.js';

export interface ZplField {
  x: number;
  y: number;
  /** The commands between ^FO and ^FS, e.g. ^A0N,28,28^FH^FDRUMOWA. */
  body: string;
}

export interface ZplLabel {
  /** Commands before the first field (^CI28, ^PW…). */
  setup: string[];
  fields: ZplField[];
}

/** Splits ZPL into labels (^XA … ^XZ) and their ^FO … ^FS fields. */
export function parseZpl(zpl: string): ZplLabel[] {
  const labels: ZplLabel[] = [];
  for (const chunk of zpl.split('^XZ').slice(0, -1)) {
    const lines = chunk.trim().split('\n');
    if (lines[0] !== '^XA') throw new Error(`label does not start with ^XA: ${lines[0]}`);
    const label: ZplLabel = { setup: [], fields: [] };
    for (const line of lines.slice(1)) {
      const m = /^\^FO(\d+),(\d+)(.*)\^FS$/.exec(line);
      if (m) label.fields.push({ x: Number(m[1]), y: Number(m[2]), body: m[3] });
      else label.setup.push(line);
    }
    labels.push(label);
  }
  return labels;
}

/** Field data of a font-0 text field, ^FH escapes undone. */
export function fieldText(field: ZplField): string | null {
  const m = /\^FD(.*)$/.exec(field.body);
  if (!m || !/\^A0/.test(field.body)) return null;
  // Only ASCII (^ ~ _) is escaped, so each escape is one character.
  return m[1].replace(/_([0-9A-F]{2})/g, (_s, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The text that a ^BC field encodes (its >: >; >5 >6 code-set switches removed, pairs kept). */
export function barcodeData(field: ZplField): string | null {
  const m = /\^BC[^^]*\^FD(.*)$/.exec(field.body);
  return m ? m[1].replace(/>[:;56]/g, '').replace(/>0/g, '>') : null;
}

export interface DecodedGraphic {
  width: number;
  height: number;
  bytesPerRow: number;
  totalBytes: number;
  dots: Uint8Array;
}

const countOf = (ch: string) => (ch >= 'G' && ch <= 'Y' ? ch.charCodeAt(0) - 0x46 : ch >= 'g' && ch <= 'z' ? (ch.charCodeAt(0) - 0x66) * 20 : 0);

/** Decodes ^GFA with ZPL's ASCII compression (G–Y/g–z counts, "," zero fill, "!" one fill, ":" repeat row). */
export function decodeGraphic(field: ZplField): DecodedGraphic | null {
  const m = /\^GFA,(\d+),(\d+),(\d+),(.*)$/.exec(field.body);
  if (!m) return null;
  const [totalBytes, bytesPerRow] = [Number(m[1]), Number(m[3])];
  const rowHex = bytesPerRow * 2;
  const rows: string[] = [];
  let row = '';
  let count = 0;
  const endRow = () => {
    if (row.length !== rowHex) throw new Error(`graphic row of ${row.length} hex digits, expected ${rowHex}`);
    rows.push(row);
    row = '';
  };
  for (const ch of m[4]) {
    if (countOf(ch)) count += countOf(ch);
    else if (ch === ',') {
      row = row.padEnd(rowHex, '0');
      endRow();
    } else if (ch === '!') {
      row = row.padEnd(rowHex, 'F');
      endRow();
    } else if (ch === ':') {
      row = rows.at(-1)!;
      endRow();
    } else {
      row += ch.repeat(count || 1);
      count = 0;
      if (row.length === rowHex) endRow();
    }
  }
  if (row) throw new Error('graphic data ends inside a row');
  const height = rows.length;
  const width = bytesPerRow * 8;
  const dots = new Uint8Array(width * height);
  rows.forEach((hex, y) => {
    for (let x = 0; x < width; x += 1) dots[y * width + x] = (parseInt(hex[x >> 2], 16) >> (3 - (x & 3))) & 1;
  });
  return { width, height, bytesPerRow, totalBytes, dots };
}

/** A preview of one label at one pixel per dot (812 × 1218), as PNG. */
export function previewLabel(label: ZplLabel): Buffer {
  const canvas = createCanvas(812, 1218);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = 'white';
  ctx.fillRect(0, 0, 812, 1218);
  for (const f of label.fields) {
    const reverse = f.body.includes('^FR');
    ctx.fillStyle = reverse ? 'white' : 'black';
    const box = /\^GB(\d+),(\d+),(\d+)/.exec(f.body);
    const text = fieldText(f);
    const graphic = decodeGraphic(f);
    const bc = /\^BY(\d+),\d+,(\d+)/.exec(f.body);
    if (box) {
      const [w, h, t] = box.slice(1).map(Number);
      ctx.fillStyle = 'black';
      if (t >= Math.min(w, h)) ctx.fillRect(f.x, f.y, w, h);
      else {
        ctx.fillRect(f.x, f.y, w, t);
        ctx.fillRect(f.x, f.y + h - t, w, t);
        ctx.fillRect(f.x, f.y, t, h);
        ctx.fillRect(f.x + w - t, f.y, t, h);
      }
    } else if (text !== null) {
      const h = Number(/\^A0N,(\d+)/.exec(f.body)![1]);
      ctx.font = `bold ${h}px sans-serif`;
      ctx.textBaseline = 'top';
      ctx.fillText(text, f.x, f.y);
    } else if (graphic) {
      for (let y = 0; y < graphic.height; y += 1) {
        for (let x = 0; x < graphic.width; x += 1) if (graphic.dots[y * graphic.width + x]) ctx.fillRect(f.x + x, f.y + y, 1, 1);
      }
    } else if (bc) {
      const [m, h] = [Number(bc[1]), Number(bc[2])];
      for (const bar of code128Bars(barcodeData(f)!)) ctx.fillRect(f.x + bar.x * m, f.y, bar.width * m, h);
    } else if (/\^GD/.test(f.body)) {
      const [w, h, t] = /\^GD(\d+),(\d+),(\d+)/.exec(f.body)!.slice(1).map(Number);
      const leansLeft = f.body.endsWith('L');
      ctx.strokeStyle = 'black';
      ctx.lineWidth = t;
      ctx.beginPath();
      ctx.moveTo(f.x, leansLeft ? f.y : f.y + h);
      ctx.lineTo(f.x + w, leansLeft ? f.y + h : f.y);
      ctx.stroke();
    }
  }
  return canvas.toBuffer('image/png');
}
