/**
 * Pure mapping from the hub's records to the data elements of each message (docs/edi.md has the
 * table). Input: the dispatch.closed advance data (the frozen CN 38-style delivery bill and
 * ITMATT-style items), the declarations' remaining customs fields, tracking events, consignments.
 */
import type { AddressInput, DeclarationLineInput } from '../shipments/declaration.validation.js';
import { EDI_SCHEMA_VERSION, type EdiMessageType } from './edi.definitions.js';
import type { EdiDocument } from './encoders/edi-encoder.js';

export interface Money { amountMinor: number; currency: string }

export interface BillReceptacle {
  receptacleNumber: string;
  serial: number;
  weightGrams: number;
  itemCount: number;
  registered: boolean;
  dangerousGoods: boolean;
  highest: boolean;
}

/** The CN 38-style delivery bill frozen when the dispatch closed. */
export interface DeliveryBill {
  type: string;
  dispatchNumber: string;
  originOffice: string;
  destinationOffice: string;
  mailCategory: string;
  mailSubclass: string;
  carrier: string;
  transport: { mode: string; flightNumber?: string | null; departureAt?: string | null };
  airWaybill: string | null;
  closedAt: string;
  receptacles: BillReceptacle[];
  totals: { receptacles: number; items: number; weightGrams: number };
}

/** Sender and addressee as declared. */
export type AdvanceParty = AddressInput;

/** One item of the dispatch.closed advance data. */
export interface AdvanceItem {
  trackingNumber: string;
  receptacleNumber: string;
  service: string;
  category: string;
  categoryExplanation?: string | null;
  sender: AdvanceParty;
  addressee: AdvanceParty;
  grossWeightGrams: number;
  measuredWeightGrams?: number | null;
  totalValue: Money;
  customsForm: string;
  lithiumBatteries: string;
  iossNumber?: string | null;
  contents: DeclarationLineInput[];
}

export interface DispatchAdvance {
  deliveryBill: DeliveryBill;
  items: AdvanceItem[];
}

/** Declaration fields the advance data does not carry. */
export interface DeclarationExtras {
  declaredAt: Date;
  taxId: string | null;
  customsDetails: {
    senderCustomsReference?: string | null;
    importerReference?: string | null;
    invoiceNumber?: string | null;
    licenceNumbers?: string[] | null;
    certificateNumbers?: string[] | null;
    comments?: string | null;
    postalCharges?: Money | null;
  };
}

export interface TransportLeg {
  legNo: number;
  mode: string;
  carrierCode: string | null;
  transportNumber: string | null;
  departureLocation: string;
  arrivalLocation: string;
  departureAt: Date | null;
  arrivalAt: Date | null;
}

export interface ConsignmentRecord {
  consignmentNumber: string;
  airWaybill: string | null;
  carrier: string;
  createdAt: Date;
  legs: TransportLeg[];
}

export interface ItemEvent { trackingNumber: string; code: string; occurredAt: Date; office: string | null; countryCode: string | null }

export interface Envelope { senderOffice: string; recipient: string; preparedAt: Date }

const header = (type: EdiMessageType, id: string, env: Envelope) => ({
  messageId: `${type}-${id}`,
  messageType: type,
  schemaVersion: EDI_SCHEMA_VERSION,
  preparedAt: env.preparedAt.toISOString(),
  senderOffice: env.senderOffice,
  recipient: env.recipient,
});

/** S8 positions 16 and 17–20: the year's last digit and the serial; the year is the latest one ending in that digit, up to the closing year. */
function dispatchFields(bill: DeliveryBill) {
  const closedYear = new Date(bill.closedAt).getUTCFullYear();
  const digit = Number(bill.dispatchNumber[15]);
  return {
    dispatchId: bill.dispatchNumber,
    originOffice: bill.originOffice,
    destinationOffice: bill.destinationOffice,
    mailCategory: bill.mailCategory,
    mailSubclass: bill.mailSubclass,
    dispatchYear: closedYear - ((closedYear - digit) % 10 + 10) % 10,
    dispatchSerial: Number(bill.dispatchNumber.slice(16, 20)),
    deliveryBillType: bill.type,
    closedAt: bill.closedAt,
  };
}

const flags = (r: BillReceptacle) => ({
  grossWeightGrams: r.weightGrams,
  itemCount: r.itemCount,
  highest: r.highest,
  registered: r.registered,
  dangerousGoods: r.dangerousGoods,
});

const party = (p: AdvanceParty) => ({
  name: p.name, company: p.company, addressLines: p.addressLines, city: p.city, postcode: p.postcode, countryCode: p.countryCode, phone: p.phone || null, email: p.email,
});

const nonEmpty = <T>(list: readonly T[] | null | undefined) => (list && list.length ? list : null);

export function buildItmatt(advance: DispatchAdvance, extras: ReadonlyMap<string, DeclarationExtras>, env: Envelope): EdiDocument {
  return {
    ...header('ITMATT', advance.deliveryBill.dispatchNumber, env),
    dispatchId: advance.deliveryBill.dispatchNumber,
    items: advance.items.map((i) => {
      const x = extras.get(i.trackingNumber);
      const d = x?.customsDetails ?? {};
      return {
        itemId: i.trackingNumber,
        acceptedAt: x?.declaredAt.toISOString(),
        service: i.service,
        receptacleId: i.receptacleNumber,
        customsForm: i.customsForm,
        category: i.category,
        categoryExplanation: i.categoryExplanation,
        sender: party(i.sender),
        addressee: party(i.addressee),
        senderCustomsReference: d.senderCustomsReference,
        addresseeTaxId: x?.taxId,
        importerReference: d.importerReference,
        iossNumber: i.iossNumber,
        grossWeightGrams: i.grossWeightGrams,
        measuredWeightGrams: i.measuredWeightGrams,
        totalValue: i.totalValue,
        postalCharges: d.postalCharges,
        lithiumBatteries: i.lithiumBatteries,
        invoiceNumber: d.invoiceNumber,
        licenceNumbers: nonEmpty(d.licenceNumbers),
        certificateNumbers: nonEmpty(d.certificateNumbers),
        comments: d.comments,
        contentPieces: i.contents.map((c, n) => ({ pieceNo: n + 1, ...c })),
      };
    }),
  };
}

export function buildPredes(advance: DispatchAdvance, env: Envelope): EdiDocument {
  const bill = advance.deliveryBill;
  const itemsIn = new Map<string, string[]>();
  for (const i of advance.items) itemsIn.set(i.receptacleNumber, [...(itemsIn.get(i.receptacleNumber) ?? []), i.trackingNumber]);
  return {
    ...header('PREDES', bill.dispatchNumber, env),
    dispatch: dispatchFields(bill),
    plannedTransport: { mode: bill.transport.mode, flightNumber: bill.transport.flightNumber, departureAt: bill.transport.departureAt },
    airWaybill: bill.airWaybill,
    receptacles: bill.receptacles.map((r) => ({ receptacleId: r.receptacleNumber, serial: r.serial, ...flags(r), itemIds: (itemsIn.get(r.receptacleNumber) ?? []).sort() })),
    totals: { receptacles: bill.totals.receptacles, items: bill.totals.items, grossWeightGrams: bill.totals.weightGrams },
  };
}

export function buildCardit(consignment: ConsignmentRecord, bills: readonly DeliveryBill[], env: Envelope): EdiDocument {
  const receptacles = bills.flatMap((b) => b.receptacles.map((r) => ({ receptacleId: r.receptacleNumber, dispatchId: b.dispatchNumber, ...flags(r) })));
  return {
    ...header('CARDIT', consignment.consignmentNumber, env),
    consignment: { consignmentNumber: consignment.consignmentNumber, airWaybill: consignment.airWaybill, carrier: consignment.carrier, createdAt: consignment.createdAt.toISOString() },
    legs: consignment.legs.map((l) => ({ ...l, departureAt: l.departureAt?.toISOString(), arrivalAt: l.arrivalAt?.toISOString() })),
    dispatches: bills.map(dispatchFields),
    receptacles,
    totals: {
      dispatches: bills.length,
      receptacles: receptacles.length,
      items: bills.reduce((n, b) => n + b.totals.items, 0),
      grossWeightGrams: bills.reduce((n, b) => n + b.totals.weightGrams, 0),
    },
  };
}

/** UPU item event codes only: Silkgate's own codes (SGH) have no EMSEVT equivalent. */
const UPU_ITEM_EVENT = /^E[A-Z]{2}$/;

export function buildEmsevt(dispatchNumber: string, events: readonly ItemEvent[], env: Envelope): EdiDocument {
  const upu = events.filter((e) => UPU_ITEM_EVENT.test(e.code));
  return {
    ...header('EMSEVT', `${dispatchNumber}-${upu.length}`, env),
    dispatchId: dispatchNumber,
    events: upu.map((e) => ({ itemId: e.trackingNumber, eventCode: e.code, occurredAt: e.occurredAt.toISOString(), office: e.office, countryCode: e.countryCode })),
  };
}
