/**
 * Code 128 barcodes (ISO/IEC 15417): the symbology of S10 item labels and S9 receptacle labels.
 * Pure functions, no I/O: text → symbol values (code sets B and C, checksum) → bar/space widths.
 */

/** Bar/space widths in modules for symbol values 0–105 (six elements, bar first) and STOP (seven). */
const PATTERNS = [
  '212222', '222122', '222221', '121223', '121322', '131222', '122213', '122312', '132212', '221213',
  '221312', '231212', '112232', '122132', '122231', '113222', '123122', '123221', '223211', '221132',
  '221231', '213212', '223112', '312131', '311222', '321122', '321221', '312212', '322112', '322211',
  '212123', '212321', '232121', '111323', '131123', '131321', '112313', '132113', '132311', '211313',
  '231113', '231311', '112133', '112331', '132131', '113123', '113321', '133121', '313121', '211331',
  '231131', '213113', '213311', '213131', '311123', '311321', '331121', '312113', '312311', '332111',
  '314111', '221411', '431111', '111224', '111422', '121124', '121421', '141122', '141221', '112214',
  '112412', '122114', '122411', '142112', '142211', '241211', '221114', '413111', '241112', '134111',
  '111242', '121142', '121241', '114212', '124112', '124211', '411212', '421112', '421211', '212141',
  '214121', '412121', '111143', '111341', '131141', '114113', '114311', '411113', '411311', '113141',
  '114131', '311141', '411131', '211412', '211214', '211232', '2331112',
] as const;

export const CODE128 = {
  CODE_C: 99,
  CODE_B: 100,
  START_B: 104,
  START_C: 105,
  STOP: 106,
  /** Quiet zone each side, in modules (ISO/IEC 15417 asks for at least 10). */
  QUIET_ZONE: 10,
} as const;

export function code128Pattern(value: number): string {
  const p = PATTERNS[value];
  if (p === undefined) throw new RangeError(`no Code 128 symbol ${value}`);
  return p;
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

function digitRun(text: string, from: number): number {
  let n = 0;
  while (isDigit(text[from + n])) n += 1;
  return n;
}

/**
 * Symbol values for `text`, from start code to checksum (the stop symbol is not included).
 * Code set C packs digit pairs; it is used for runs of at least 4 digits at the start or end of the
 * text and at least 6 in the middle, where it makes the symbol shorter. Everything else is code set B,
 * so only printable ASCII (32–126) is accepted.
 */
export function encodeCode128(text: string): number[] {
  if (text.length === 0) throw new RangeError('Code 128 needs at least one character');
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (ch.length !== 1 || code < 32 || code > 126) throw new RangeError(`Code 128 set B cannot encode ${JSON.stringify(ch)}`);
  }
  const values: number[] = [];
  let set: 'B' | 'C';
  let i = 0;
  const leading = digitRun(text, 0);
  if ((leading >= 4 && leading % 2 === 0) || (leading === text.length && leading >= 2 && leading % 2 === 0)) {
    set = 'C';
    values.push(CODE128.START_C);
  } else {
    set = 'B';
    values.push(CODE128.START_B);
  }
  while (i < text.length) {
    if (set === 'C') {
      if (digitRun(text, i) >= 2) {
        values.push(Number(text.slice(i, i + 2)));
        i += 2;
        continue;
      }
      set = 'B';
      values.push(CODE128.CODE_B);
      continue;
    }
    const run = digitRun(text, i);
    const atEnd = i + run === text.length;
    if (run >= 6 || (atEnd && run >= 4)) {
      if (run % 2 === 1) {
        values.push(text.charCodeAt(i) - 32); // odd run: first digit in B, the pairs in C
        i += 1;
      }
      set = 'C';
      values.push(CODE128.CODE_C);
      continue;
    }
    values.push(text.charCodeAt(i) - 32);
    i += 1;
  }
  values.push(code128Checksum(values));
  return values;
}

/** Modulo-103 checksum over start code and data symbols, each weighted by its position (start counts 1). */
export function code128Checksum(values: readonly number[]): number {
  let sum = values[0];
  for (let p = 1; p < values.length; p += 1) sum += values[p] * p;
  return sum % 103;
}

/**
 * Bar and space widths in modules, bar first, stop pattern included, quiet zones excluded.
 * Every symbol is 11 modules wide and the stop 13, so the total is 11 × symbols + 13.
 */
export function code128Widths(text: string): number[] {
  const widths: number[] = [];
  for (const v of encodeCode128(text)) for (const w of code128Pattern(v)) widths.push(Number(w));
  for (const w of code128Pattern(CODE128.STOP)) widths.push(Number(w));
  return widths;
}

/** Bars as [offset, width] in modules from the left edge of the symbol (no quiet zone). */
export function code128Bars(text: string): { x: number; width: number }[] {
  const bars: { x: number; width: number }[] = [];
  let x = 0;
  code128Widths(text).forEach((w, k) => {
    if (k % 2 === 0) bars.push({ x, width: w });
    x += w;
  });
  return bars;
}

/** Width of the whole symbol in modules, quiet zones included. */
export function code128Modules(text: string): number {
  return code128Widths(text).reduce((a, b) => a + b, 0) + 2 * CODE128.QUIET_ZONE;
}
