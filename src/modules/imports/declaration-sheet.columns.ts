/**
 * The columns of a declaration sheet (CSV or XLSX): one row per content line; rows sharing a
 * seller_reference are one parcel, whose parcel columns are read from its first row. Pure data,
 * used by the parser (server), the template, and the import screens (browser and CLI).
 */
export type ColumnType = 'text' | 'int' | 'decimal' | 'enum' | 'list';

export interface SheetColumn {
  /** Header text, snake_case. */
  name: string;
  /** `parcel` columns go in DeclareShipmentInput, `line` columns in one DeclarationLineInput. */
  scope: 'parcel' | 'line';
  /** Where the value goes in the input (and where the API's field errors point back from). */
  path: string;
  type: ColumnType;
  /** The API needs a value of the right type: rows without one are refused before sending. */
  required?: boolean;
  /** A text the API requires: sent blank when blank, so the API's own message names the field. */
  nonNull?: boolean;
  values?: readonly string[];
  example: string;
}

const SERVICES = ['REGISTERED_SMALL_PACKET', 'TRACKED_PACKET', 'PARCEL', 'EMS'] as const;
const CATEGORIES = ['GIFT', 'DOCUMENTS', 'COMMERCIAL_SAMPLE', 'RETURNED_GOODS', 'SALE_OF_GOODS', 'OTHER'] as const;
const BATTERIES = ['NONE', 'LITHIUM_ION_IN_EQUIPMENT', 'LITHIUM_METAL_IN_EQUIPMENT'] as const;

const address = (party: 'sender' | 'addressee', example: Record<string, string>): SheetColumn[] => [
  { name: `${party}_name`, scope: 'parcel', path: `${party}.name`, type: 'text', nonNull: true, example: example.name },
  { name: `${party}_company`, scope: 'parcel', path: `${party}.company`, type: 'text', example: example.company ?? '' },
  { name: `${party}_address_1`, scope: 'parcel', path: `${party}.addressLines[0]`, type: 'text', example: example.line1 },
  { name: `${party}_address_2`, scope: 'parcel', path: `${party}.addressLines[1]`, type: 'text', example: example.line2 ?? '' },
  { name: `${party}_address_3`, scope: 'parcel', path: `${party}.addressLines[2]`, type: 'text', example: '' },
  { name: `${party}_city`, scope: 'parcel', path: `${party}.city`, type: 'text', nonNull: true, example: example.city },
  { name: `${party}_postcode`, scope: 'parcel', path: `${party}.postcode`, type: 'text', example: example.postcode },
  { name: `${party}_country`, scope: 'parcel', path: `${party}.countryCode`, type: 'text', nonNull: true, example: example.country },
  { name: `${party}_phone`, scope: 'parcel', path: `${party}.phone`, type: 'text', nonNull: true, example: example.phone },
  { name: `${party}_email`, scope: 'parcel', path: `${party}.email`, type: 'text', example: example.email ?? '' },
];

export const SHEET_COLUMNS: readonly SheetColumn[] = [
  { name: 'seller_reference', scope: 'parcel', path: 'sellerReference', type: 'text', nonNull: true, example: 'ORDER-1001' },
  { name: 'service', scope: 'parcel', path: 'service', type: 'enum', values: SERVICES, required: true, example: 'TRACKED_PACKET' },
  { name: 'category', scope: 'parcel', path: 'category', type: 'enum', values: CATEGORIES, required: true, example: 'SALE_OF_GOODS' },
  { name: 'category_explanation', scope: 'parcel', path: 'categoryExplanation', type: 'text', example: '' },
  { name: 'gross_weight_g', scope: 'parcel', path: 'grossWeightGrams', type: 'int', required: true, example: '380' },
  { name: 'lithium_batteries', scope: 'parcel', path: 'lithiumBatteries', type: 'enum', values: BATTERIES, example: 'NONE' },
  { name: 'invoice_number', scope: 'parcel', path: 'invoiceNumber', type: 'text', example: 'INV-2026-1001' },
  { name: 'ioss_number', scope: 'parcel', path: 'iossNumber', type: 'text', example: '' },
  { name: 'tax_id', scope: 'parcel', path: 'taxId', type: 'text', example: '' },
  { name: 'importer_reference', scope: 'parcel', path: 'importerReference', type: 'text', example: '' },
  { name: 'licence_numbers', scope: 'parcel', path: 'licenceNumbers', type: 'list', example: '' },
  { name: 'certificate_numbers', scope: 'parcel', path: 'certificateNumbers', type: 'list', example: '' },
  { name: 'comments', scope: 'parcel', path: 'comments', type: 'text', example: '' },
  // Blank: the seller organisation's hub.
  { name: 'hub_code', scope: 'parcel', path: 'hubCode', type: 'text', example: '' },
  ...address('sender', {
    name: 'Mawar Apparel Sdn Bhd', line1: 'Lot 12, Jalan KLIA S5', line2: 'Southern Support Zone', city: 'Sepang', postcode: '64000', country: 'MY', phone: '+60 3 8787 1234',
  }),
  ...address('addressee', {
    name: 'Anna Ivanova', line1: 'ul. Tverskaya 7, kv. 12', city: 'Moscow', postcode: '125009', country: 'RU', phone: '+7 495 123 45 67', email: 'anna@example.ru',
  }),
  { name: 'description', scope: 'line', path: 'description', type: 'text', nonNull: true, example: "Women's cotton T-shirt, printed" },
  { name: 'quantity', scope: 'line', path: 'quantity', type: 'int', required: true, example: '2' },
  { name: 'net_weight_g', scope: 'line', path: 'netWeightGrams', type: 'int', required: true, example: '300' },
  { name: 'value', scope: 'line', path: 'value.amountMinor', type: 'decimal', required: true, example: '45.90' },
  { name: 'currency', scope: 'line', path: 'value.currency', type: 'text', required: true, example: 'MYR' },
  { name: 'hs_code', scope: 'line', path: 'hsCode', type: 'text', nonNull: true, example: '610910' },
  { name: 'origin_country', scope: 'line', path: 'originCountry', type: 'text', nonNull: true, example: 'MY' },
];

/** Separator of several licence or certificate numbers in one cell. */
export const LIST_SEPARATOR = '|';

/** The template: the header and one example parcel, as CSV text (Excel opens it as is). */
export function declarationTemplateCsv(): string {
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return `${SHEET_COLUMNS.map((c) => c.name).join(',')}\r\n${SHEET_COLUMNS.map((c) => quote(c.example)).join(',')}\r\n`;
}

const byPath = (scope: SheetColumn['scope'], path: string) => SHEET_COLUMNS.find((c) => c.scope === scope && c.path === path);

/**
 * The sheet cell an API field error points at: `lines[2].hsCode` is hs_code on the parcel's third
 * line row; `sender.addressLines` is sender_address_1; anything else unknown names the path itself.
 */
export function columnOfPath(path: string): { line?: number; column: string } {
  const line = /^lines\[(\d+)\]\.(.+)$/.exec(path);
  if (line) return { line: Number(line[1]), column: byPath('line', line[2])?.name ?? path };
  if (/^lines(\[\d+\])?$/.test(path)) return { column: 'description' };
  const exact = byPath('parcel', path) ?? byPath('parcel', `${path}[0]`) ?? byPath('parcel', path.replace(/\[\d+\]$/, '[0]'));
  return { column: exact?.name ?? path };
}
