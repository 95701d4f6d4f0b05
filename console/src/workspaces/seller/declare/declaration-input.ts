import type { ContentsCategory, DeclareShipmentInput, PostalService } from '../../../graphql/generated/graphql';

/** The decimal places of a currency (ISO 4217), as the browser's Intl knows them: 2 for MYR, 0 for JPY. */
function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** "45.90" MYR → 4590; NaN when it is not a number, so the API refuses it at the field. */
export function toMinorUnits(amount: string, currency: string): number {
  const text = amount.trim().replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(text)) return Number.NaN;
  return Math.round(Number(text) * 10 ** minorDigits(currency));
}

const int = (text: string | undefined) => (text && /^\d+$/.test(text.trim()) ? Number(text) : -1);
const optional = (text: string | undefined) => text?.trim() || null;

/** The form's values (keyed by API path) as the declareShipment input. */
export function declarationFromForm(values: Record<string, string>, lineCount: number): DeclareShipmentInput {
  const v = (path: string) => values[path]?.trim() ?? '';
  const party = (p: 'sender' | 'addressee') => ({
    name: v(`${p}.name`),
    company: optional(values[`${p}.company`]),
    addressLines: [0, 1, 2].map((i) => v(`${p}.addressLines[${i}]`)).filter(Boolean),
    city: v(`${p}.city`),
    postcode: optional(values[`${p}.postcode`]),
    countryCode: v(`${p}.countryCode`).toUpperCase(),
    phone: v(`${p}.phone`),
    email: optional(values[`${p}.email`]),
  });
  return {
    sellerReference: v('sellerReference'),
    hubCode: optional(values.hubCode),
    service: (v('service') || 'TRACKED_PACKET') as PostalService,
    category: (v('category') || 'SALE_OF_GOODS') as ContentsCategory,
    categoryExplanation: optional(values.categoryExplanation),
    grossWeightGrams: int(values.grossWeightGrams),
    invoiceNumber: optional(values.invoiceNumber),
    sender: party('sender'),
    addressee: party('addressee'),
    lines: Array.from({ length: lineCount }, (_, i) => {
      const currency = v(`lines[${i}].currency`).toUpperCase();
      const amountMinor = toMinorUnits(v(`lines[${i}].value`), currency || 'XXX');
      return {
        description: v(`lines[${i}].description`),
        quantity: int(values[`lines[${i}].quantity`]),
        netWeightGrams: int(values[`lines[${i}].netWeightGrams`]),
        value: { amountMinor: Number.isNaN(amountMinor) ? -1 : amountMinor, currency },
        hsCode: v(`lines[${i}].hsCode`),
        originCountry: v(`lines[${i}].originCountry`).toUpperCase(),
      };
    }),
  };
}
