/**
 * Plain data the document renderers print: no database rows, no services. The service (or a test)
 * builds these; renderers turn them into pages. Weights in grams, money in minor units.
 */

export interface DocMoney {
  amountMinor: number;
  currency: string;
  /** Decimal places of the currency (2 for MYR, 0 for JPY). */
  minorUnits: number;
}

export interface PartyData {
  name: string;
  company?: string | null;
  addressLines: string[];
  postcode?: string | null;
  city: string;
  countryCode: string;
  countryName: string;
  phone?: string | null;
  email?: string | null;
}

export interface DeclarationLineData {
  description: string;
  quantity: number;
  netWeightGrams: number;
  value: DocMoney;
  hsCode: string;
  originCountry: string;
}

export type CategoryOfItem = 'GIFT' | 'DOCUMENTS' | 'COMMERCIAL_SAMPLE' | 'RETURNED_GOODS' | 'SALE_OF_GOODS' | 'OTHER';

/** Everything printed on a CN 22 or CN 23 (domain.md §4); `form` comes from the declaration. */
export interface DeclarationData {
  form: 'CN22' | 'CN23';
  trackingNumber: string;
  sellerReference: string;
  /** Origin designated operator, printed in the form's header. */
  designatedOperator: string;
  sender: PartyData;
  addressee: PartyData;
  senderCustomsReference?: string | null;
  importerReference?: string | null;
  category: CategoryOfItem;
  categoryExplanation?: string | null;
  lines: DeclarationLineData[];
  grossWeightGrams: number;
  totalValue: DocMoney;
  postalCharges?: DocMoney | null;
  comments?: string | null;
  licenceNumbers: string[];
  certificateNumbers: string[];
  invoiceNumber?: string | null;
  taxId?: string | null;
  iossNumber?: string | null;
  /** Office of exchange code and name, e.g. MYKULA Kuala Lumpur DFTZ eFulfilment Hub. */
  officeOfOrigin: string;
  /** Date of posting, YYYY-MM-DD in the hub's time zone. */
  dateOfPosting: string;
  lithiumBatteries?: string | null;
}

export interface LabelData {
  declaration: DeclarationData;
  /** Postal product, e.g. TRACKED_PACKET. */
  service: string;
  /** Destination office of exchange (IMPC code), when a carrier serves the destination. */
  destinationOffice?: string | null;
  /** Name of the destination carrier. */
  destinationCarrier?: string | null;
}

export interface OfficeData {
  /** IMPC code, six characters (e.g. MYKULA). */
  code: string;
  name?: string | null;
}

export interface TransportData {
  /** Flight or voyage, e.g. MH 0130. */
  flightNumber?: string | null;
  /** Departure date YYYY-MM-DD (or date and time). */
  departure?: string | null;
  /** Airport of loading and of unloading, e.g. KUL and SVO. */
  fromAirport?: string | null;
  toAirport?: string | null;
  /** Free text for what a label prints as "transport" (e.g. "Air"). */
  mode?: string | null;
}

/** CN 35 bag label (domain.md §2 and §7). */
/** The S8 fields a dispatch and each of its receptacles share (domain.md §2, the dispatch rule). */
export interface DispatchHeaderData {
  /** S8, 20 characters. */
  dispatchId: string;
  origin: OfficeData;
  destination: OfficeData;
  /** Mail category, code list 115: A, B, C or D. */
  mailCategory: string;
  /** Mail subclass, code list 117: e.g. CC (e-commerce parcels). */
  mailSubclass: string;
  /** Dispatch serial, 4 digits. */
  dispatchNumber: string;
}

export interface Cn35Data extends DispatchHeaderData {
  /** S9, 29 characters. */
  receptacleId: string;
  /** Receptacle serial within the dispatch, 3 digits. */
  receptacleSerial: string;
  lastReceptacle: boolean;
  containsRegistered: boolean;
  grossWeightGrams: number;
  itemCount: number;
  carrier: string;
  transport: TransportData;
}

export interface DispatchReceptacleData {
  receptacleId: string;
  grossWeightGrams: number;
  itemCount: number;
  containsRegistered?: boolean;
  sealNumber?: string | null;
}

export interface ManifestItemData {
  receptacleId: string;
  trackingNumber: string;
  grossWeightGrams: number;
  destinationCountry: string;
  addresseeName: string;
  contents: string;
  value?: DocMoney | null;
}

/** A closed dispatch: its CN 38 delivery bill and its item manifest. */
export interface DispatchDocumentData extends DispatchHeaderData {
  /** When the dispatch was closed (ISO date-time); null while open. CN 38 is for closed dispatches only. */
  closedAt: string | null;
  carrier: string;
  transport: TransportData;
  /** Air waybill (MAWB/PAWB), e.g. 232-12345675. */
  airWaybill?: string | null;
  receptacles: DispatchReceptacleData[];
  items: ManifestItemData[];
}
