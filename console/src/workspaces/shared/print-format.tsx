import { useCallback, useState } from 'react';
import { useI18n } from '../../i18n/i18n';

/**
 * How labels leave the console: PDF for any printer, or ZPL (4×6 in, 203 dpi) for a thermal label
 * printer. The server renders ZPL only for parcel labels and CN 35 bag labels (the document routes'
 * `format=zpl`); CN 38, manifests and declarations are PDF only, so they never offer the choice.
 */
export type PrintFormat = 'pdf' | 'zpl';
const FORMATS: readonly PrintFormat[] = ['pdf', 'zpl'];

/** Per browser, not per session: a station has one printer, whoever signs in at it. */
const STORAGE_KEY = 'silkgate.console.printFormat';

function storedFormat(): PrintFormat {
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored === 'zpl' ? 'zpl' : 'pdf';
}

export function usePrintFormat(): [PrintFormat, (format: PrintFormat) => void] {
  const [format, setFormat] = useState<PrintFormat>(storedFormat);
  const choose = useCallback((next: PrintFormat) => {
    localStorage.setItem(STORAGE_KEY, next);
    setFormat(next);
  }, []);
  return [format, choose];
}

/** The name a format goes by on buttons and links ("PDF", "ZPL"). */
export const formatName = (format: PrintFormat): string => format.toUpperCase();

/** A document route asked for in `format` (the routes answer PDF unless told otherwise). */
export const documentPath = (path: string, format: PrintFormat): string =>
  format === 'pdf' ? path : `${path}${path.includes('?') ? '&' : '?'}format=${format}`;

/** `CN35-….pdf` → `CN35-….zpl`: a download is named by what it holds. */
export const documentFilename = (pdfName: string, format: PrintFormat): string =>
  format === 'pdf' ? pdfName : `${pdfName.replace(/\.pdf$/i, '')}.${format}`;

/** Radio buttons (arrow keys move between them) for the label format, remembered by this browser. */
export function PrintFormatChoice({ id, format, onChange }: { id: string; format: PrintFormat; onChange(format: PrintFormat): void }) {
  const { t } = useI18n();
  return (
    <fieldset className="segmented print-format" aria-describedby={`${id}-hint`}>
      <legend>{t('print.format')}</legend>
      {FORMATS.map((f) => (
        <label key={f}>
          <input type="radio" name={id} value={f} checked={format === f} onChange={() => onChange(f)} /> {t(`print.format.${f}`)}
        </label>
      ))}
      <p id={`${id}-hint`} className="muted">{t('print.remembered')}</p>
    </fieldset>
  );
}
