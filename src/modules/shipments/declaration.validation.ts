import { unmetRequirements } from '../../standards/tax/index.js';
import { SDR, type ReferenceData } from '../reference/reference.service.js';

export type PostalService = 'REGISTERED_SMALL_PACKET' | 'TRACKED_PACKET' | 'PARCEL' | 'EMS';
export type ContentsCategory = 'GIFT' | 'DOCUMENTS' | 'COMMERCIAL_SAMPLE' | 'RETURNED_GOODS' | 'SALE_OF_GOODS' | 'OTHER';
export type LithiumBatteries = 'NONE' | 'LITHIUM_ION_IN_EQUIPMENT' | 'LITHIUM_METAL_IN_EQUIPMENT';
export type CustomsForm = 'CN22' | 'CN23';

export interface AddressInput {
  name: string;
  company?: string | null;
  addressLines: string[];
  city: string;
  postcode?: string | null;
  countryCode: string;
  phone: string;
  email?: string | null;
}

export interface DeclarationLineInput {
  description: string;
  quantity: number;
  netWeightGrams: number;
  value: { amountMinor: number; currency: string };
  hsCode: string;
  originCountry: string;
}

export interface DeclareShipmentInput {
  sellerReference: string;
  /** The hub the parcel is sent from; absent: the seller organisation's. */
  hubCode?: string | null;
  service: PostalService;
  sender: AddressInput;
  addressee: AddressInput;
  category: ContentsCategory;
  categoryExplanation?: string | null;
  lines: DeclarationLineInput[];
  grossWeightGrams: number;
  iossNumber?: string | null;
  taxId?: string | null;
  lithiumBatteries?: LithiumBatteries | null;
  senderCustomsReference?: string | null;
  importerReference?: string | null;
  invoiceNumber?: string | null;
  licenceNumbers?: string[] | null;
  certificateNumbers?: string[] | null;
  comments?: string | null;
  postalCharges?: { amountMinor: number; currency: string } | null;
  /** The seller charged the destination's import VAT or sales tax at checkout (EU IOSS, Malaysian LVG). */
  taxCollectedAtSale?: boolean | null;
}

export interface FieldError {
  path: string;
  code: string;
  message: string;
}

export interface NormalisedLine extends DeclarationLineInput {
  lineNo: number;
}

/** A declaration that passed validation, with everything derived from it. */
export interface ValidDeclaration {
  input: DeclareShipmentInput;
  lines: NormalisedLine[];
  currency: string;
  totalValueMinor: number;
  valueSdrMinor: number;
  netWeightGrams: number;
  customsForm: CustomsForm;
  ratesDate: string;
}

/** 300 SDR in hundredths: the CN 22 ceiling (domain.md §4). */
export const CN22_LIMIT_SDR_MINOR = 30_000;

const PHONE = /^\+?[0-9 ()./-]{6,24}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_TEXT = 200;

/**
 * Validates one declaration against reference data. Pure: the caller supplies the day whose rates
 * apply. Every error names the field path (`lines[2].hsCode`) so a seller's system can point at it.
 */
export function validateDeclaration(
  raw: DeclareShipmentInput,
  reference: ReferenceData,
  day: string,
): { ok: true; declaration: ValidDeclaration } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const fail = (path: string, code: string, message: string) => errors.push({ path, code, message });
  const rules = reference.declarationRules;

  // Object.assign rather than a spread: V8 adds keys to a spread copy slowly, and most inputs lack
  // the optional fields set here.
  const input: DeclareShipmentInput = Object.assign({}, raw, {
    sellerReference: raw.sellerReference.trim(),
    sender: trimAddress(raw.sender),
    addressee: trimAddress(raw.addressee),
    iossNumber: blankToNull(raw.iossNumber)?.toUpperCase() ?? null,
    taxId: blankToNull(raw.taxId),
    categoryExplanation: blankToNull(raw.categoryExplanation),
    lithiumBatteries: raw.lithiumBatteries ?? 'NONE',
    hubCode: blankToNull(raw.hubCode)?.toUpperCase() ?? null,
  });

  if (!input.sellerReference) fail('sellerReference', 'REQUIRED', 'Give your own reference for this parcel (order number).');
  else if (input.sellerReference.length > 64) fail('sellerReference', 'TOO_LONG', 'A seller reference has at most 64 characters.');

  if (input.hubCode && !reference.hubByCode(input.hubCode)) fail('hubCode', 'UNKNOWN_HUB', `No hub with code ${input.hubCode}; the hubs query lists them.`);

  validateAddress(input.sender, 'sender', reference, fail);
  validateAddress(input.addressee, 'addressee', reference, fail);

  if (input.category === 'OTHER' && !input.categoryExplanation) {
    fail('categoryExplanation', 'REQUIRED', 'Category OTHER needs an explanation of what the contents are.');
  }
  if (input.category === 'GIFT' && (input.iossNumber || blankToNull(input.invoiceNumber))) {
    fail('category', 'GIFT_WITH_SALE', 'A sale of goods (it has an invoice or IOSS number) cannot be declared as a gift: use SALE_OF_GOODS.');
  }

  const lines: NormalisedLine[] = [];
  if (input.lines.length === 0) fail('lines', 'REQUIRED', 'A declaration needs at least one line.');
  if (input.lines.length > rules.maxLines) fail('lines', 'TOO_MANY', `A declaration has at most ${rules.maxLines} lines; split the contents over several parcels.`);

  const currency = input.lines[0]?.value.currency.trim().toUpperCase();
  let total = 0;
  let net = 0;
  let valueKnown = true;
  input.lines.slice(0, rules.maxLines).forEach((line, i) => {
    const at = `lines[${i}]`;
    const description = line.description.trim().replace(/\s+/g, ' ');
    const vagueness = describeVagueness(description, rules.vagueWords, rules.fillerWords);
    if (vagueness) fail(`${at}.description`, vagueness.code, vagueness.message);
    if (!Number.isInteger(line.quantity) || line.quantity < 1) fail(`${at}.quantity`, 'NOT_POSITIVE', 'Quantity must be a whole number of at least 1.');
    if (!Number.isInteger(line.netWeightGrams) || line.netWeightGrams < 1) fail(`${at}.netWeightGrams`, 'NOT_POSITIVE', 'Net weight must be at least 1 gram.');
    else net += line.netWeightGrams;
    const hsCode = line.hsCode.replace(/[\s.]/g, '');
    // A 4-digit heading is enough for some flows; the destination's rules ask for more where needed (EU ICS2: 6).
    if (!/^(\d{4}|\d{6,10})$/.test(hsCode)) {
      fail(`${at}.hsCode`, 'HS_FORMAT', 'An HS code has 4 digits (heading) or 6 to 10, e.g. 610910 for cotton T-shirts.');
    } else if (!reference.hsChapters.has(hsCode.slice(0, 2)) || !reference.hsHeadings.has(hsCode.slice(0, 4))) {
      fail(`${at}.hsCode`, 'HS_UNKNOWN', `HS code ${hsCode} is not in the tariff headings Silkgate knows (heading ${hsCode.slice(0, 4)}).`);
    }
    const origin = line.originCountry.trim().toUpperCase();
    if (!reference.countries.has(origin)) fail(`${at}.originCountry`, 'COUNTRY_UNKNOWN', `Unknown country code "${line.originCountry}".`);
    const lineCurrency = line.value.currency.trim().toUpperCase();
    if (!Number.isInteger(line.value.amountMinor) || line.value.amountMinor < 0) {
      fail(`${at}.value.amountMinor`, 'NEGATIVE', 'A value is a whole number of minor units (cents), zero or more.');
      valueKnown = false;
    } else if (!reference.currencies.has(lineCurrency)) {
      fail(`${at}.value.currency`, 'CURRENCY_UNKNOWN', `Unknown currency "${line.value.currency}".`);
      valueKnown = false;
    } else if (currency && reference.currencies.has(currency)) {
      const converted = reference.convert(line.value.amountMinor, lineCurrency, currency, day);
      if (converted === undefined) {
        fail(`${at}.value.currency`, 'NO_RATE', `No exchange rate for ${lineCurrency} on ${day}.`);
        valueKnown = false;
      } else total += converted;
    }
    lines.push({
      description, quantity: line.quantity, netWeightGrams: line.netWeightGrams, value: { amountMinor: line.value.amountMinor, currency: lineCurrency },
      hsCode, originCountry: origin, lineNo: i + 1,
    });
  });

  if (!Number.isInteger(input.grossWeightGrams) || input.grossWeightGrams < 1) {
    fail('grossWeightGrams', 'NOT_POSITIVE', 'Gross weight must be at least 1 gram.');
  } else if (input.grossWeightGrams > rules.maxGrossWeightGrams) {
    fail('grossWeightGrams', 'TOO_HEAVY', `A postal item weighs at most ${rules.maxGrossWeightGrams / 1000} kg.`);
  } else if (input.grossWeightGrams < net) {
    fail('grossWeightGrams', 'LESS_THAN_NET', `Gross weight (${input.grossWeightGrams} g) is less than the lines' net weight (${net} g).`);
  }

  if (input.iossNumber) {
    if (!rules.iossPattern.test(input.iossNumber)) fail('iossNumber', 'IOSS_FORMAT', 'An IOSS number is IM followed by 10 digits.');
    else if (!reference.countries.get(input.addressee.countryCode)?.euMember) {
      fail('iossNumber', 'IOSS_NOT_EU', 'IOSS applies only to parcels for an EU member state.');
    }
  }
  if (input.taxId && input.taxId.length > 40) fail('taxId', 'TOO_LONG', 'A tax identification number has at most 40 characters.');
  if (input.postalCharges && (!Number.isInteger(input.postalCharges.amountMinor) || input.postalCharges.amountMinor < 0 || !reference.currencies.has(input.postalCharges.currency))) {
    fail('postalCharges', 'INVALID', 'Postal charges need a non-negative amount and a known currency.');
  }

  // What the destination's rules in force today need (regime data: HS digits, IOSS, tax ids).
  if (errors.length === 0 && currency) {
    const destination = input.addressee.countryCode;
    for (const u of unmetRequirements(
      {
        destination, destinationIsEu: reference.countries.get(destination)?.euMember ?? false, category: input.category, lines,
        iossNumber: input.iossNumber, taxId: input.taxId, importerReference: blankToNull(input.importerReference), taxCollectedAtSale: input.taxCollectedAtSale,
        valueIn: (to) => reference.convert(total, currency, to, day),
      },
      reference.regimes.current,
      day,
    )) fail(u.path, u.code, u.message);
  }
  if (errors.length > 0 || !currency) return { ok: false, errors };
  const valueSdrMinor = valueKnown ? reference.convert(total, currency, SDR, day) : undefined;
  if (valueSdrMinor === undefined) {
    return { ok: false, errors: [{ path: 'lines[0].value.currency', code: 'NO_RATE', message: `No SDR rate for ${currency} on ${day}.` }] };
  }
  return {
    ok: true,
    declaration: {
      input,
      lines,
      currency,
      totalValueMinor: total,
      valueSdrMinor,
      netWeightGrams: net,
      customsForm: valueSdrMinor <= CN22_LIMIT_SDR_MINOR ? 'CN22' : 'CN23',
      ratesDate: day,
    },
  };
}

function blankToNull(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

function trimAddress(address: AddressInput): AddressInput {
  return {
    name: address.name.trim(),
    company: blankToNull(address.company),
    addressLines: address.addressLines.map((l) => l.trim()).filter(Boolean),
    city: address.city.trim(),
    postcode: blankToNull(address.postcode),
    countryCode: address.countryCode.trim().toUpperCase(),
    phone: address.phone.trim(),
    email: blankToNull(address.email),
  };
}

function validateAddress(
  address: AddressInput,
  at: string,
  reference: ReferenceData,
  fail: (path: string, code: string, message: string) => void,
): void {
  if (!address.name) fail(`${at}.name`, 'REQUIRED', 'A name is required.');
  else if (address.name.length > 100) fail(`${at}.name`, 'TOO_LONG', 'A name has at most 100 characters.');
  if (address.addressLines.length === 0) fail(`${at}.addressLines`, 'REQUIRED', 'At least one address line is required.');
  if (address.addressLines.length > 3) fail(`${at}.addressLines`, 'TOO_MANY', 'At most 3 address lines.');
  address.addressLines.forEach((line, i) => {
    if (line.length > MAX_TEXT) fail(`${at}.addressLines[${i}]`, 'TOO_LONG', `An address line has at most ${MAX_TEXT} characters.`);
  });
  if (!address.city) fail(`${at}.city`, 'REQUIRED', 'A city is required.');
  if (address.postcode && address.postcode.length > 20) fail(`${at}.postcode`, 'TOO_LONG', 'A postcode has at most 20 characters.');
  if (!reference.countries.has(address.countryCode)) fail(`${at}.countryCode`, 'COUNTRY_UNKNOWN', `Unknown country code "${address.countryCode}".`);
  if (!PHONE.test(address.phone)) fail(`${at}.phone`, 'PHONE_FORMAT', 'A phone number has 6 to 24 digits, spaces or + ( ) - . /.');
  if (address.email && !EMAIL.test(address.email)) fail(`${at}.email`, 'EMAIL_FORMAT', 'That is not an e-mail address.');
}

/** Refuses descriptions such as "gift", "2 clothes" or "parts": CN 22/23 need what the goods are. */
export function describeVagueness(
  description: string,
  vagueWords: Set<string>,
  fillerWords: Set<string>,
): { code: string; message: string } | undefined {
  if (description.length < 3) return { code: 'DESCRIPTION_TOO_SHORT', message: 'Describe the goods, e.g. "2 women\'s cotton T-shirts".' };
  if (description.length > MAX_TEXT) return { code: 'TOO_LONG', message: `A description has at most ${MAX_TEXT} characters.` };
  const words = description
    .toLowerCase()
    .split(/[^\p{L}\p{N}']+/u)
    .filter((w) => w && !/^\d+$/.test(w) && !fillerWords.has(w));
  if (words.length > 0 && words.every((w) => vagueWords.has(w) || vagueWords.has(w.replace(/e?s$/, '')))) {
    return {
      code: 'DESCRIPTION_VAGUE',
      message: `"${description}" does not say what the goods are. Name them, with material and use: "2 women's cotton T-shirts", not "clothes".`,
    };
  }
  if (words.length === 0) return { code: 'DESCRIPTION_VAGUE', message: 'Describe the goods in words, not only numbers.' };
  return undefined;
}
