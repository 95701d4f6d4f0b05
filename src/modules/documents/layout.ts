/**
 * A small layout engine: a document template (templates/documents/<name>.json) lists boxes with
 * positions in points, labels and font sizes; renderers only supply values. A person changes a form
 * by editing its JSON. Coordinates are from the top-left corner of the page.
 */
import { readFileSync } from 'node:fs';
import { projectPath } from '../../platform/paths.js';
import { code128Modules } from '../../standards/code128.js';
import { PdfSurface, type Surface } from './surface.js';
import { fitText, measureText, wrapText, DEFAULT_LEADING, type Measure } from './text-fit.js';

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
  /** Drawn only when this value is truthy (or, with `unless`, falsy). */
  when?: string;
  unless?: string;
}

/** A labelled box: small caption in the corner, the value fitted below it. */
export interface FieldElement extends Box {
  type: 'field';
  field: string;
  label?: string;
  fontSize?: number;
  minFontSize?: number;
  bold?: boolean;
  mono?: boolean;
  align?: 'left' | 'center' | 'right';
  border?: boolean;
  maxLines?: number;
}

/** Fixed wording (title, certification sentence); `{name}` is replaced by that value. */
export interface TextElement extends Box {
  type: 'text';
  text: string;
  fontSize?: number;
  minFontSize?: number;
  bold?: boolean;
  align?: 'left' | 'center' | 'right';
  border?: boolean;
  fill?: string;
  color?: string;
}

export interface CheckboxesElement extends Box {
  type: 'checkboxes';
  field: string;
  label?: string;
  columns: number;
  fontSize?: number;
  border?: boolean;
  options: { value: string; label: string }[];
}

export interface BarcodeElement extends Box {
  type: 'barcode';
  field: string;
  /** Value printed under the bars (human-readable form); none when absent. */
  textField?: string;
  fontSize?: number;
  /** Widest module in points; narrower when the box is too small. */
  maxModule?: number;
}

export interface TableColumn {
  key: string;
  label: string;
  w: number;
  align?: 'left' | 'center' | 'right';
  mono?: boolean;
}

export interface TableElement extends Box {
  type: 'table';
  field: string;
  fontSize?: number;
  minFontSize?: number;
  headerFontSize?: number;
  /** A cell wraps to at most this many lines before its text shrinks (rows "fit"). */
  maxLinesPerRow?: number;
  /**
   * "fit" (default): a cell wraps to maxLinesPerRow lines, then shrinks, then is cut with "…".
   * "grow": a cell wraps at the table's font size with no line limit; the row grows and the table
   * breaks across pages, so nothing is shrunk or cut (manifests, delivery bills). Only a row taller
   * than a whole sheet's table is fitted to that sheet.
   */
  rows?: 'fit' | 'grow';
  columns: TableColumn[];
}

export interface RectElement extends Box {
  type: 'rect';
  fill?: string;
  lineWidth?: number;
}

export type LayoutElement = FieldElement | TextElement | CheckboxesElement | BarcodeElement | TableElement | RectElement;

export interface DocumentTemplate {
  name: string;
  page: { size: [number, number] };
  fontSize: number;
  minFontSize: number;
  labelFontSize: number;
  lineWidth: number;
  padding: number;
  /** Elements of the first page. */
  first: LayoutElement[];
  /** Elements of each further page, when the table's rows do not fit the first one. */
  continuation?: LayoutElement[];
}

export type LayoutValue = string | number | boolean | null | undefined;
export type LayoutValues = Record<string, LayoutValue>;
export type TableRow = Record<string, string>;

const templateCache = new Map<string, DocumentTemplate>();

/** Reads templates/documents/<name>.json (cached; clearTemplateCache() after editing one at run time). */
export function loadTemplate(name: string): DocumentTemplate {
  let template = templateCache.get(name);
  if (!template) {
    template = JSON.parse(readFileSync(projectPath('templates', 'documents', `${name}.json`), 'utf8')) as DocumentTemplate;
    validateTemplate(name, template);
    templateCache.set(name, template);
  }
  return template;
}

export function clearTemplateCache(): void {
  templateCache.clear();
}

function validateTemplate(name: string, t: DocumentTemplate): void {
  const problem = (why: string) => new Error(`templates/documents/${name}.json: ${why}`);
  if (!Array.isArray(t.page?.size) || t.page.size.length !== 2) throw problem('page.size must be [width, height] in points');
  if (!Array.isArray(t.first)) throw problem('"first" must list the elements of the first page');
  for (const [where, list] of [['first', t.first], ['continuation', t.continuation ?? []]] as const) {
    for (const e of list) {
      for (const k of ['x', 'y', 'w', 'h'] as const) {
        if (typeof e[k] !== 'number') throw problem(`${where}: a ${e.type} element needs a numeric ${k}`);
      }
      if (e.x < 0 || e.y < 0 || e.x + e.w > t.page.size[0] + 0.01 || e.y + e.h > t.page.size[1] + 0.01) {
        throw problem(`${where}: ${e.type} ${'field' in e ? e.field : ''} at (${e.x}, ${e.y}) lies outside the page`);
      }
      if (e.type === 'table') {
        const total = e.columns.reduce((a, c) => a + c.w, 0);
        if (Math.abs(total - e.w) > 0.5) throw problem(`${where}: table ${e.field} columns add up to ${total}, not its width ${e.w}`);
      }
    }
  }
}

const text = (v: LayoutValue): string => (v === null || v === undefined || v === false ? '' : v === true ? 'X' : String(v));

function interpolate(template: string, values: LayoutValues): string {
  return template.replace(/\{(\w+)\}/g, (_m, key: string) => text(values[key]));
}

interface Ctx {
  surface: Surface;
  t: DocumentTemplate;
  measure: Measure;
}

/** Draws fitted lines, aligned in a box of width w. */
function drawLines(ctx: Ctx, fitted: ReturnType<typeof fitText>, x: number, y: number, w: number, align: 'left' | 'center' | 'right' = 'left', color = 'black') {
  fitted.lines.forEach((line, i) => {
    const lw = ctx.measure(line, fitted.font) * fitted.size;
    const dx = Math.max(0, align === 'center' ? (w - lw) / 2 : align === 'right' ? w - lw : 0);
    ctx.surface.text(line, fitted.font, fitted.size, x + dx, y + i * fitted.lineHeight, color);
  });
}

function border(ctx: Ctx, e: Box) {
  ctx.surface.strokeRect(e.x, e.y, e.w, e.h, ctx.t.lineWidth, 'black');
}

function drawField(ctx: Ctx, e: FieldElement, values: LayoutValues) {
  const { t } = ctx;
  const pad = t.padding;
  if (e.border !== false) border(ctx, e);
  let top = e.y + pad;
  if (e.label) {
    const label = fitText(e.label, { width: e.w - 2 * pad, height: t.labelFontSize * DEFAULT_LEADING, size: t.labelFontSize, minSize: Math.min(4, t.labelFontSize), font: 'regular', maxLines: 1 }, ctx.measure);
    drawLines(ctx, label, e.x + pad, top, e.w - 2 * pad, 'left', '#333333');
    top += label.lineHeight;
  }
  const value = text(values[e.field]);
  if (!value) return;
  const fitted = fitText(
    value,
    {
      width: e.w - 2 * pad,
      height: e.y + e.h - pad - top,
      size: e.fontSize ?? t.fontSize,
      minSize: e.minFontSize ?? t.minFontSize,
      font: e.mono ? 'mono' : e.bold ? 'bold' : 'regular',
      maxLines: e.maxLines,
    },
    ctx.measure,
  );
  drawLines(ctx, fitted, e.x + pad, top, e.w - 2 * pad, e.align);
}

function drawText(ctx: Ctx, e: TextElement, values: LayoutValues) {
  const { t } = ctx;
  const pad = t.padding;
  if (e.fill) ctx.surface.fillRect(e.x, e.y, e.w, e.h, e.fill);
  if (e.border) border(ctx, e);
  const fitted = fitText(
    interpolate(e.text, values),
    { width: e.w - 2 * pad, height: e.h - 2 * pad, size: e.fontSize ?? t.fontSize, minSize: e.minFontSize ?? t.minFontSize, font: e.bold ? 'bold' : 'regular' },
    ctx.measure,
  );
  drawLines(ctx, fitted, e.x + pad, e.y + pad, e.w - 2 * pad, e.align, e.color);
}

function drawCheckboxes(ctx: Ctx, e: CheckboxesElement, values: LayoutValues) {
  const { surface, t } = ctx;
  const pad = t.padding;
  if (e.border !== false) border(ctx, e);
  let top = e.y + pad;
  if (e.label) {
    const label = fitText(e.label, { width: e.w - 2 * pad, height: t.labelFontSize * DEFAULT_LEADING, size: t.labelFontSize, minSize: 4, font: 'regular', maxLines: 1 }, ctx.measure);
    drawLines(ctx, label, e.x + pad, top, e.w - 2 * pad, 'left', '#333333');
    top += label.lineHeight + 1;
  }
  const rows = Math.ceil(e.options.length / e.columns);
  const cellW = (e.w - 2 * pad) / e.columns;
  const cellH = (e.y + e.h - pad - top) / rows;
  const size = e.fontSize ?? t.fontSize;
  const boxSize = Math.min(size, cellH - 1);
  const selected = text(values[e.field]);
  e.options.forEach((option, i) => {
    const cx = e.x + pad + (i % e.columns) * cellW;
    const cy = top + Math.floor(i / e.columns) * cellH;
    surface.strokeRect(cx, cy + (cellH - boxSize) / 2, boxSize, boxSize, 0.6, 'black');
    if (option.value === selected) {
      // A cross in the box, as a person would tick it.
      const bx = cx;
      const by = cy + (cellH - boxSize) / 2;
      surface.line(bx + 1, by + 1, bx + boxSize - 1, by + boxSize - 1, 1, 'black');
      surface.line(bx + boxSize - 1, by + 1, bx + 1, by + boxSize - 1, 1, 'black');
    }
    const label = fitText(interpolate(option.label, values).replace(/:\s*$/, ''), { width: cellW - boxSize - 3, height: cellH, size, minSize: t.minFontSize, font: option.value === selected ? 'bold' : 'regular' }, ctx.measure);
    const textTop = cy + (cellH - label.lines.length * label.lineHeight) / 2;
    drawLines(ctx, label, cx + boxSize + 2, textTop, cellW - boxSize - 3);
  });
}

function drawBarcode(ctx: Ctx, e: BarcodeElement, values: LayoutValues) {
  const { t } = ctx;
  const data = text(values[e.field]);
  if (!data) return;
  const caption = e.textField ? text(values[e.textField]) : '';
  const captionSize = e.fontSize ?? t.fontSize;
  const captionH = caption ? captionSize * DEFAULT_LEADING + 1 : 0;
  const modules = code128Modules(data);
  const module = Math.min(e.maxModule ?? 1.5, e.w / modules);
  const symbolW = module * modules;
  const barH = e.h - captionH;
  ctx.surface.code128(data, e.x + (e.w - symbolW) / 2, e.y, module, barH);
  if (caption) {
    const fitted = fitText(caption, { width: e.w, height: captionH, size: captionSize, minSize: t.minFontSize, font: 'mono', maxLines: 1 }, ctx.measure);
    drawLines(ctx, fitted, e.x, e.y + barH + 1, e.w, 'center');
  }
}

interface MeasuredRow {
  cells: ReturnType<typeof fitText>[];
  height: number;
}

function measureRows(ctx: Ctx, e: TableElement, rows: readonly TableRow[], tallest: number): MeasuredRow[] {
  const { t } = ctx;
  const pad = t.padding;
  const size = e.fontSize ?? t.fontSize;
  const grow = e.rows === 'grow';
  const maxLines = grow ? undefined : (e.maxLinesPerRow ?? 3);
  const minSize = grow ? size : (e.minFontSize ?? t.minFontSize);
  return rows.map((row) => {
    const cells = e.columns.map((c) => {
      const value = row[c.key] ?? '';
      const font = c.mono ? 'mono' : 'regular';
      const natural = wrapText(value, c.w - 2 * pad, size, font, ctx.measure).length;
      const lines = Math.min(natural, maxLines ?? natural);
      const height = Math.min(lines * size * DEFAULT_LEADING, tallest - 2 * pad);
      // A grown row taller than a whole sheet is the one case left to shrink and cut.
      const fits = height >= lines * size * DEFAULT_LEADING;
      return fitText(value, { width: c.w - 2 * pad, height, size, minSize: fits ? minSize : (e.minFontSize ?? t.minFontSize), font, maxLines }, ctx.measure);
    });
    const height = Math.max(...cells.map((c) => c.lines.length * c.lineHeight)) + 2 * pad;
    return { cells, height };
  });
}

function headerHeight(ctx: Ctx, e: TableElement): number {
  const size = e.headerFontSize ?? ctx.t.labelFontSize;
  const lines = Math.max(...e.columns.map((c) => wrapText(c.label, c.w - 2 * ctx.t.padding, size, 'regular', ctx.measure).length));
  return Math.min(lines, 3) * size * DEFAULT_LEADING + 2 * ctx.t.padding;
}

function drawTable(ctx: Ctx, e: TableElement, rows: readonly MeasuredRow[]) {
  const { surface, t } = ctx;
  const pad = t.padding;
  border(ctx, e);
  const hh = headerHeight(ctx, e);
  const headerSize = e.headerFontSize ?? t.labelFontSize;
  surface.fillRect(e.x, e.y, e.w, hh, '#eeeeee');
  let x = e.x;
  for (const c of e.columns) {
    const fitted = fitText(c.label, { width: c.w - 2 * pad, height: hh - 2 * pad, size: headerSize, minSize: 4, font: 'regular', maxLines: 3 }, ctx.measure);
    drawLines(ctx, fitted, x + pad, e.y + pad, c.w - 2 * pad, c.align ?? 'left', '#333333');
    x += c.w;
  }
  border(ctx, e);
  let y = e.y + hh;
  surface.line(e.x, y, e.x + e.w, y, t.lineWidth / 2, 'black');
  for (const row of rows) {
    let cx = e.x;
    row.cells.forEach((cell, i) => {
      const c = e.columns[i];
      drawLines(ctx, cell, cx + pad, y + pad, c.w - 2 * pad, c.align ?? 'left');
      cx += c.w;
    });
    y += row.height;
    surface.line(e.x, y, e.x + e.w, y, 0.3, '#999999');
  }
  // Column rules over the whole table height.
  let rx = e.x;
  for (const c of e.columns.slice(0, -1)) {
    rx += c.w;
    surface.line(rx, e.y, rx, e.y + e.h, 0.3, '#999999');
  }
}

function visible(e: Box, values: LayoutValues): boolean {
  if (e.when && !values[e.when]) return false;
  if (e.unless && values[e.unless]) return false;
  return true;
}

function tableOf(elements: readonly LayoutElement[], values: LayoutValues): TableElement | undefined {
  return elements.find((e): e is TableElement => e.type === 'table' && visible(e, values));
}

/** Room for rows in a table: its height less its header. */
const bodyHeight = (ctx: Ctx, table: TableElement) => table.h - headerHeight(ctx, table);

/**
 * Splits measured rows into pages: as many as fit the first page's table, then the continuation's.
 * A row that does not fit an empty first table starts on the continuation page.
 */
function paginate(ctx: Ctx, first: TableElement | undefined, next: TableElement | undefined, rows: MeasuredRow[]): MeasuredRow[][] {
  if (!first) return [[]];
  const pages: MeasuredRow[][] = [];
  let current: MeasuredRow[] = [];
  let table = first;
  let room = bodyHeight(ctx, table);
  for (const row of rows) {
    if (row.height > room && (current.length > 0 || (table === first && next))) {
      if (!next) throw new Error(`template ${ctx.t.name}: rows do not fit and it has no continuation page`);
      pages.push(current);
      current = [];
      table = next;
      room = bodyHeight(ctx, table);
    }
    current.push(row);
    room -= row.height;
  }
  pages.push(current);
  return pages;
}

/**
 * Adds the pages of one document to `doc`: the first page, then continuation pages while table rows
 * remain. Values `page` and `pages` are set for each page. Returns the number of pages added.
 */
export function renderTemplate(doc: PDFKit.PDFDocument, template: DocumentTemplate, values: LayoutValues, tables: Record<string, readonly TableRow[]> = {}): number {
  return renderOn(new PdfSurface(doc), template, values, tables);
}

/** Lays a document out on any surface (a PDF page, a ZPL label); returns the number of pages. */
export function renderOn(surface: Surface, template: DocumentTemplate, values: LayoutValues, tables: Record<string, readonly TableRow[]> = {}): number {
  const ctx: Ctx = { surface, t: template, measure: measureText };
  const firstTable = tableOf(template.first, values);
  const nextTable = template.continuation ? tableOf(template.continuation, values) : undefined;
  // The tallest row any sheet can hold: a row is never taller than an empty table of the sheet it goes on.
  const tallest = Math.max(...[firstTable, nextTable].filter((x): x is TableElement => !!x).map((x) => bodyHeight(ctx, x)));
  const measuredFirst = firstTable ? measureRows(ctx, firstTable, tables[firstTable.field] ?? [], tallest) : [];
  // Continuation tables may have other column widths: measure the rest again with their columns.
  const firstPages = paginate(ctx, firstTable, nextTable, measuredFirst);
  let pages: MeasuredRow[][] = firstPages;
  if (firstPages.length > 1 && firstTable && nextTable) {
    const rest = (tables[firstTable.field] ?? []).slice(firstPages[0].length);
    const measuredRest = measureRows(ctx, nextTable, rest, bodyHeight(ctx, nextTable));
    pages = [firstPages[0], ...paginate(ctx, nextTable, nextTable, measuredRest)];
  }
  pages.forEach((rows, index) => {
    surface.addPage(template.page.size);
    const pageValues: LayoutValues = { ...values, page: index + 1, pages: pages.length, continued: pages.length > 1 };
    const elements = index === 0 ? template.first : (template.continuation ?? []);
    for (const e of elements) {
      if (!visible(e, pageValues)) continue;
      switch (e.type) {
        case 'field':
          drawField(ctx, e, pageValues);
          break;
        case 'text':
          drawText(ctx, e, pageValues);
          break;
        case 'checkboxes':
          drawCheckboxes(ctx, e, pageValues);
          break;
        case 'barcode':
          drawBarcode(ctx, e, pageValues);
          break;
        case 'table':
          drawTable(ctx, e, rows);
          break;
        case 'rect':
          if (e.fill) surface.fillRect(e.x, e.y, e.w, e.h, e.fill);
          else surface.strokeRect(e.x, e.y, e.w, e.h, e.lineWidth ?? template.lineWidth, 'black');
          break;
      }
    }
  });
  return pages.length;
}
