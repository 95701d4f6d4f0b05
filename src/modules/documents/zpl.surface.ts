/**
 * ZPL II for 4 × 6 in thermal labels at 203 dpi (812 × 1218 dots): the same templates as the PDFs,
 * points turned into dots. Field data is UTF-8 (^CI28) with ^FH hex escapes for ^ ~ and _.
 * Text in printable ASCII and Latin-1 uses the printer's scalable font 0, which every ZPL printer
 * has; any other text (Han, Cyrillic, dashes, arrows) is drawn here from the PDFs' fonts and sent
 * as a ^GFA bitmap, because the printer fonts that have those glyphs (Swiss 721 on Link-OS,
 * Zebra's Asian font kits) are not on every printer. Code 128 is the printer's own ^BC, fed the
 * code sets our encoder chose (>: start B, >; start C, >5 to C, >6 to B), so it prints the same
 * symbol as the PDF. See docs/documents.md.
 */
import { CODE128, code128Modules, encodeCode128 } from '../../standards/code128.js';
import type { FontRole } from './fonts.js';
import type { Surface } from './surface.js';
import { graphicField, rasterizeLine } from './zpl.raster.js';

export const ZPL_DPI = 203;
/** 4 × 6 in. */
export const ZPL_LABEL_DOTS: [number, number] = [812, 1218];
const DOTS_PER_POINT = ZPL_DPI / 72;
/** What font 0 prints under ^CI28 on every printer: printable ASCII and Latin-1. */
const FONT0_TEXT = /^[\x20-\x7e\u00a0-\u00ff]*$/;

const dots = (points: number) => Math.round(points * DOTS_PER_POINT);
const escape = (text: string) => text.replace(/[\^~_]/g, (ch) => `_${ch.charCodeAt(0).toString(16).toUpperCase()}`);
const isLight = (color: string) => /^#(?:[c-f][0-9a-f]){3}$/i.test(color) || color === 'white';

/** ^BC field data with explicit code sets, from the symbol values of src/standards/code128.ts. */
export function zplCode128Data(text: string): string {
  const values = encodeCode128(text).slice(0, -1); // the printer adds the check symbol
  let set: 'B' | 'C' = values[0] === CODE128.START_C ? 'C' : 'B';
  let out = set === 'C' ? '>;' : '>:';
  for (const v of values.slice(1)) {
    if (v === CODE128.CODE_C && set === 'B') {
      set = 'C';
      out += '>5';
    } else if (v === CODE128.CODE_B && set === 'C') {
      set = 'B';
      out += '>6';
    } else {
      out += set === 'C' ? String(v).padStart(2, '0') : String.fromCharCode(v + 32).replace('>', '>0');
    }
  }
  return out;
}

/** Collects one ^XA … ^XZ label per page. */
export class ZplSurface implements Surface {
  private readonly labels: string[][] = [];

  private get current(): string[] {
    const label = this.labels.at(-1);
    if (!label) throw new Error('ZPL: draw after addPage');
    return label;
  }

  addPage(size: [number, number]): void {
    if (dots(size[0]) > ZPL_LABEL_DOTS[0] || dots(size[1]) > ZPL_LABEL_DOTS[1]) throw new Error(`ZPL: a ${size.join(' × ')} pt page does not fit a 4 × 6 in label`);
    this.labels.push(['^XA', '^CI28', `^PW${ZPL_LABEL_DOTS[0]}`, `^LL${ZPL_LABEL_DOTS[1]}`, '^LH0,0']);
  }

  text(line: string, font: FontRole, size: number, x: number, y: number, color: string): void {
    if (!line.trim()) return;
    const reverse = color === 'white' ? '^FR' : '';
    const h = Math.max(10, dots(size));
    if (FONT0_TEXT.test(line)) {
      this.current.push(`^FO${dots(x)},${dots(y)}${reverse}^A0N,${h},${h}^FH^FD${escape(line)}^FS`);
    } else {
      const bitmap = rasterizeLine(line, font, size * DOTS_PER_POINT, size * DOTS_PER_POINT * 1.18);
      this.current.push(`^FO${dots(x)},${dots(y)}${reverse}${graphicField(bitmap)}^FS`);
    }
  }

  strokeRect(x: number, y: number, w: number, h: number, lineWidth: number): void {
    const t = Math.max(1, dots(lineWidth));
    this.current.push(`^FO${dots(x)},${dots(y)}^GB${Math.max(t, dots(w))},${Math.max(t, dots(h))},${t}^FS`);
  }

  fillRect(x: number, y: number, w: number, h: number, color: string): void {
    // Thermal printers print black or nothing: a light tint (table headers) is left out.
    if (isLight(color)) return;
    const [dw, dh] = [dots(w), dots(h)];
    this.current.push(`^FO${dots(x)},${dots(y)}^GB${dw},${dh},${Math.min(dw, dh)}^FS`);
  }

  line(x1: number, y1: number, x2: number, y2: number, lineWidth: number): void {
    const t = Math.max(1, dots(lineWidth));
    const [left, top] = [Math.min(x1, x2), Math.min(y1, y2)];
    const [w, h] = [dots(Math.abs(x2 - x1)), dots(Math.abs(y2 - y1))];
    if (h === 0 || w === 0) {
      this.current.push(`^FO${dots(left)},${dots(top)}^GB${Math.max(w, t)},${Math.max(h, t)},${t}^FS`);
    } else {
      // ^GD: L leans like \ (top-left to bottom-right), R like /.
      const leansLeft = (x2 - x1) * (y2 - y1) > 0;
      this.current.push(`^FO${dots(left)},${dots(top)}^GD${w},${h},${t},B,${leansLeft ? 'L' : 'R'}^FS`);
    }
  }

  code128(data: string, x: number, y: number, module: number, height: number): void {
    // Whole dots per module: as wide as the layout's module allows, centred where the layout put it.
    const modules = code128Modules(data);
    const m = Math.max(1, Math.floor(module * DOTS_PER_POINT));
    const centre = (x + (modules * module) / 2) * DOTS_PER_POINT;
    const left = Math.round(centre - (modules * m) / 2 + CODE128.QUIET_ZONE * m);
    const h = dots(height);
    this.current.push(`^FO${left},${dots(y)}^BY${m},3,${h}^BCN,${h},N,N,N,N^FD${zplCode128Data(data)}^FS`);
  }

  /** The labels, each ^XA … ^XZ, one command per line. */
  toString(): string {
    return this.labels.map((label) => [...label, '^XZ'].join('\n')).join('\n') + '\n';
  }
}
