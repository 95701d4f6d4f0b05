/**
 * Text a printer's resident font cannot be trusted to have (Han, Cyrillic, dashes and arrows) goes to
 * the label as a bitmap (^GFA), drawn from the same fonts as the PDFs, so it prints on any ZPL
 * printer. Glyph outlines are filled scanline by scanline with the nonzero winding rule.
 */
import { glyphRuns, roleFace, type FontRole } from './fonts.js';

export interface Bitmap {
  width: number;
  height: number;
  /** One byte per dot, 1 = black, row by row. */
  dots: Uint8Array;
}

type Edge = [number, number, number, number];

/** Straight edges of a glyph outline, curves flattened, in dots with y downwards. */
function outlineEdges(commands: { command: string; args: number[] }[], x0: number, baseline: number, k: number, edges: Edge[]): void {
  const X = (x: number) => x0 + x * k;
  const Y = (y: number) => baseline - y * k;
  let cx = 0;
  let cy = 0;
  let sx = 0;
  let sy = 0;
  const to = (x: number, y: number) => {
    edges.push([X(cx), Y(cy), X(x), Y(y)]);
    cx = x;
    cy = y;
  };
  const STEPS = 8;
  for (const { command, args: a } of commands) {
    if (command === 'moveTo') {
      if (cx !== sx || cy !== sy) to(sx, sy);
      [cx, cy, sx, sy] = [a[0], a[1], a[0], a[1]];
    } else if (command === 'lineTo') {
      to(a[0], a[1]);
    } else if (command === 'quadraticCurveTo') {
      const [px, py] = [cx, cy];
      for (let s = 1; s <= STEPS; s += 1) {
        const t = s / STEPS;
        const u = 1 - t;
        to(u * u * px + 2 * u * t * a[0] + t * t * a[2], u * u * py + 2 * u * t * a[1] + t * t * a[3]);
      }
    } else if (command === 'bezierCurveTo') {
      const [px, py] = [cx, cy];
      for (let s = 1; s <= STEPS; s += 1) {
        const t = s / STEPS;
        const u = 1 - t;
        to(u * u * u * px + 3 * u * u * t * a[0] + 3 * u * t * t * a[2] + t * t * t * a[4], u * u * u * py + 3 * u * u * t * a[1] + 3 * u * t * t * a[3] + t * t * t * a[5]);
      }
    } else if (command === 'closePath') {
      to(sx, sy);
    }
  }
  if (cx !== sx || cy !== sy) to(sx, sy);
}

/** One line of text at `size` dots per em, in the fonts the PDFs use for it (glyph run by glyph run). */
export function rasterizeLine(line: string, font: FontRole, size: number, lineHeight: number): Bitmap {
  const edges: Edge[] = [];
  const baseline = roleFace(font).ascent * size;
  let pen = 0;
  for (const run of glyphRuns(line, font)) {
    const k = size / run.face.font.unitsPerEm;
    const laid = run.face.font.layout(run.text);
    laid.glyphs.forEach((glyph, i) => {
      const p = laid.positions[i];
      outlineEdges(glyph.path.commands, pen + p.xOffset * k, baseline - p.yOffset * k, k, edges);
      pen += p.xAdvance * k;
    });
  }
  const width = Math.max(1, Math.ceil(pen));
  const height = Math.max(1, Math.ceil(lineHeight));
  const dots = new Uint8Array(width * height);
  for (let row = 0; row < height; row += 1) {
    const y = row + 0.5;
    const crossings: { x: number; dir: number }[] = [];
    for (const [x1, y1, x2, y2] of edges) {
      if (y1 === y2 || y < Math.min(y1, y2) || y >= Math.max(y1, y2)) continue;
      crossings.push({ x: x1 + ((y - y1) * (x2 - x1)) / (y2 - y1), dir: y2 > y1 ? 1 : -1 });
    }
    crossings.sort((a, b) => a.x - b.x);
    let winding = 0;
    for (let c = 0; c < crossings.length - 1; c += 1) {
      winding += crossings[c].dir;
      if (winding === 0) continue;
      const from = Math.max(0, Math.ceil(crossings[c].x - 0.5));
      const to = Math.min(width, Math.ceil(crossings[c + 1].x - 0.5));
      dots.fill(1, row * width + from, row * width + Math.max(from, to));
    }
  }
  return { width, height, dots };
}

/** A ZPL repeat count (G–Y = 1–19, g–z = 20–400, summed), then the character. */
function repeat(ch: string, count: number): string {
  let out = '';
  for (let left = count; left > 0; ) {
    const n = Math.min(left, 419);
    const high = Math.floor(n / 20);
    const low = n % 20;
    out += (high ? String.fromCharCode(0x66 + high) : '') + (low ? String.fromCharCode(0x46 + low) : '') + ch;
    left -= n;
  }
  return out;
}

/** A row in ZPL's compressed ASCII hex: repeated digits as counts, "," for trailing zeros, ":" for a repeated row. */
function compressRow(hex: string, previous: string | null): string {
  if (hex === previous) return ':';
  // The first row spells its trailing zeros out: data starting with "," would read as one more parameter.
  const body = previous === null ? hex : hex.replace(/0+$/, '');
  let out = '';
  for (let i = 0; i < body.length; ) {
    let j = i;
    while (j < body.length && body[j] === body[i]) j += 1;
    out += j - i > 2 ? repeat(body[i], j - i) : body.slice(i, j);
    i = j;
  }
  return body.length < hex.length ? `${out},` : out;
}

/** `^GFA,<bytes>,<bytes>,<bytes per row>,<data>` for a bitmap, data compressed. */
export function graphicField(bitmap: Bitmap): string {
  const bytesPerRow = Math.ceil(bitmap.width / 8);
  const rows: string[] = [];
  let previous: string | null = null;
  for (let row = 0; row < bitmap.height; row += 1) {
    let hex = '';
    for (let b = 0; b < bytesPerRow; b += 1) {
      let byte = 0;
      for (let bit = 0; bit < 8; bit += 1) {
        const x = b * 8 + bit;
        if (x < bitmap.width && bitmap.dots[row * bitmap.width + x]) byte |= 0x80 >> bit;
      }
      hex += byte.toString(16).toUpperCase().padStart(2, '0');
    }
    rows.push(compressRow(hex, previous));
    previous = hex;
  }
  const total = bytesPerRow * bitmap.height;
  return `^GFA,${total},${total},${bytesPerRow},${rows.join('')}`;
}
