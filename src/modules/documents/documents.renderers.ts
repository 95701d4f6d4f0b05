/**
 * Renderers: plain document data → pages of a PDFKit document, through the templates in
 * templates/documents/. No I/O besides reading templates and fonts (both cached).
 */
import PDFDocument from 'pdfkit';
import { formatMoney } from '../../standards/money.js';
import { formatS10 } from '../../standards/s10.js';
import type { Cn35Data, DeclarationData, DispatchDocumentData, DocMoney, LabelData, PartyData } from './documents.model.js';
import { loadTemplate, renderOn, renderTemplate, type LayoutValues, type TableRow } from './layout.js';
import { ZplSurface } from './zpl.surface.js';

/** A new PDF; fonts are embedded (subset) as text uses them. Pages are written to the stream as they are added. */
export function createPdf(title: string): PDFKit.PDFDocument {
  return new PDFDocument({ autoFirstPage: false, margin: 0, compress: true, info: { Title: title, Creator: 'Silkgate', Producer: 'Silkgate (PDFKit)' } });
}

export const kg = (grams: number) => (grams / 1000).toFixed(3);
export const money = (m: DocMoney) => formatMoney({ amountMinor: m.amountMinor, currency: m.currency }, m.minorUnits);

export function formatParty(p: PartyData): string {
  const lines = [p.name];
  if (p.company && p.company !== p.name) lines.push(p.company);
  lines.push(...p.addressLines);
  lines.push([p.postcode, p.city].filter(Boolean).join(' '));
  lines.push(`${p.countryName.toUpperCase()} (${p.countryCode})`);
  if (p.phone) lines.push(`Tel. ${p.phone}`);
  return lines.join('\n');
}

const CATEGORY_LABEL: Record<string, string> = {
  GIFT: 'Gift',
  DOCUMENTS: 'Documents',
  COMMERCIAL_SAMPLE: 'Commercial sample',
  RETURNED_GOODS: 'Returned goods',
  SALE_OF_GOODS: 'Sale of goods',
  OTHER: 'Other',
};

export const SERVICE_NAME: Record<string, string> = {
  REGISTERED_SMALL_PACKET: 'REGISTERED SMALL PACKET  R',
  TRACKED_PACKET: 'TRACKED PACKET',
  PARCEL: 'PARCEL',
  EMS: 'EMS',
};

const LITHIUM: Record<string, string> = {
  NONE: 'None',
  LITHIUM_ION_IN_EQUIPMENT: 'Lithium-ion batteries installed in equipment (PI 967 Section II)',
  LITHIUM_METAL_IN_EQUIPMENT: 'Lithium-metal batteries installed in equipment (PI 970 Section II)',
};

/** Values and table rows shared by CN 22, CN 23 and the label's CN 22 block. */
export function declarationValues(d: DeclarationData): { values: LayoutValues; tables: Record<string, TableRow[]> } {
  const values: LayoutValues = {
    form: d.form,
    formName: d.form === 'CN22' ? 'CN 22' : 'CN 23',
    isCn22: d.form === 'CN22',
    designatedOperator: d.designatedOperator,
    trackingNumber: d.trackingNumber,
    trackingNumberText: formatS10(d.trackingNumber),
    sellerReference: d.sellerReference,
    officeAndDate: `${d.officeOfOrigin}\n${d.dateOfPosting}`,
    sender: formatParty(d.sender),
    senderName: d.sender.name,
    addressee: formatParty(d.addressee),
    addresseeEmail: d.addressee.email ?? '',
    senderCustomsReference: d.senderCustomsReference ?? '',
    importerReference: d.importerReference ?? '',
    taxId: d.taxId ?? '',
    iossNumber: d.iossNumber ?? '',
    referenceAndTin: [d.senderCustomsReference, d.taxId ? `TIN ${d.taxId}` : null].filter(Boolean).join(' · '),
    category: d.category,
    categoryName: CATEGORY_LABEL[d.category] ?? d.category,
    categoryExplanation: d.categoryExplanation ?? '',
    totalWeight: kg(d.grossWeightGrams),
    totalValue: money(d.totalValue),
    postalCharges: d.postalCharges ? money(d.postalCharges) : '',
    comments: d.comments ?? '',
    licenceNumbers: d.licenceNumbers.join(', '),
    certificateNumbers: d.certificateNumbers.join(', '),
    invoiceNumber: d.invoiceNumber ?? '',
    signature: `${d.dateOfPosting}   ${d.sender.name} (signed electronically)`,
    signatureLine: `(8) Date and sender's signature: ${d.dateOfPosting}   ${d.sender.name} (signed electronically)`,
    lithiumBatteries: LITHIUM[d.lithiumBatteries ?? 'NONE'] ?? d.lithiumBatteries ?? '',
    lineCount: d.lines.length,
  };
  const lines: TableRow[] = d.lines.map((l, i) => ({
    no: String(i + 1),
    description: d.form === 'CN22' ? `${l.quantity} × ${l.description}` : l.description,
    quantity: String(l.quantity),
    weight: kg(l.netWeightGrams),
    value: money(l.value),
    hsCode: l.hsCode,
    originCountry: l.originCountry,
  }));
  return { values, tables: { lines } };
}

/** CN 22 or CN 23, whichever the declaration's form is. Returns the pages added. */
export function renderDeclaration(doc: PDFKit.PDFDocument, d: DeclarationData): number {
  const { values, tables } = declarationValues(d);
  return renderTemplate(doc, loadTemplate(d.form === 'CN22' ? 'cn22' : 'cn23'), values, tables);
}

function labelValues(label: LabelData): ReturnType<typeof declarationValues> {
  const { values, tables } = declarationValues(label.declaration);
  values.serviceName = SERVICE_NAME[label.service] ?? label.service;
  values.destinationOffice = label.destinationOffice ?? label.declaration.addressee.countryCode;
  values.destinationCarrier = label.destinationCarrier ?? '';
  return { values, tables };
}

/** One parcel label (and a continuation page when its CN 22 block has more lines than fit). */
export function renderLabel(doc: PDFKit.PDFDocument, label: LabelData): number {
  const { values, tables } = labelValues(label);
  return renderTemplate(doc, loadTemplate('label'), values, tables);
}

/** Parcel labels as ZPL for a 4 × 6 in, 203 dpi printer: one ^XA … ^XZ per label page. */
export function renderLabelsZpl(labels: readonly LabelData[]): string {
  const surface = new ZplSurface();
  for (const label of labels) {
    const { values, tables } = labelValues(label);
    renderOn(surface, loadTemplate('label'), values, tables);
  }
  return surface.toString();
}

const MAIL_CATEGORY: Record<string, string> = { A: 'Air / priority', B: 'S.A.L.', C: 'Surface / non-priority', D: 'Priority by surface' };
const MAIL_SUBCLASS: Record<string, string> = {
  CA: 'Parcels à découvert',
  CB: 'Returned parcels',
  CC: 'E-commerce parcels',
  CD: 'Direct access parcels',
  CE: 'EPG parcels',
  CF: 'Consignment parcels',
};

const office = (o: { code: string; name?: string | null }) => (o.name ? `${o.code}\n${o.name}` : o.code);
const categoryText = (c: string) => `${c} — ${MAIL_CATEGORY[c] ?? 'unknown'}`;
const subclassText = (s: string) => (MAIL_SUBCLASS[s] ? `${s} — ${MAIL_SUBCLASS[s]}` : s);

function transportText(t: Cn35Data['transport']): string {
  const airports = t.fromAirport || t.toAirport ? `${t.fromAirport ?? '?'} → ${t.toAirport ?? '?'}` : '';
  return [t.mode, t.flightNumber, t.departure, airports].filter(Boolean).join('  ');
}

function cn35Values(d: Cn35Data): LayoutValues {
  return {
    receptacleId: d.receptacleId,
    dispatchId: d.dispatchId,
    categoryName: MAIL_CATEGORY[d.mailCategory] ? `${MAIL_CATEGORY[d.mailCategory]} mail` : '',
    carrier: d.carrier,
    origin: office(d.origin),
    destination: office(d.destination),
    category: categoryText(d.mailCategory),
    subclass: subclassText(d.mailSubclass),
    dispatchNumber: d.dispatchNumber,
    receptacleSerial: d.receptacleSerial,
    weight: (d.grossWeightGrams / 1000).toFixed(1),
    itemCount: String(d.itemCount),
    registered: d.containsRegistered ? 'Yes — R' : 'No',
    last: d.lastReceptacle ? 'Yes' : 'No',
    transport: transportText(d.transport),
  };
}

export function renderCn35(doc: PDFKit.PDFDocument, d: Cn35Data): number {
  return renderTemplate(doc, loadTemplate('cn35'), cn35Values(d));
}

/** The CN 35 bag label as ZPL, 4 × 6 in portrait (templates/documents/cn35-4x6.json). */
export function renderCn35Zpl(d: Cn35Data): string {
  const surface = new ZplSurface();
  renderOn(surface, loadTemplate('cn35-4x6'), cn35Values(d));
  return surface.toString();
}

function dispatchValues(d: DispatchDocumentData): LayoutValues {
  const t = d.transport;
  return {
    dispatchId: d.dispatchId,
    origin: office(d.origin),
    destination: office(d.destination),
    carrier: d.carrier,
    flightNumber: t.flightNumber ?? '',
    departure: t.departure ?? '',
    airports: t.fromAirport || t.toAirport ? `${t.fromAirport ?? '?'} → ${t.toAirport ?? '?'}` : '',
    airWaybill: d.airWaybill ?? '',
    category: categoryText(d.mailCategory),
    subclass: subclassText(d.mailSubclass),
    closedAt: d.closedAt ?? '',
    dispatchNumberAndClosed: `${d.dispatchNumber}\n${d.closedAt ?? ''}`,
    carrierAndFlight: [d.carrier, t.flightNumber, t.departure].filter(Boolean).join('\n'),
  };
}

export function renderCn38(doc: PDFKit.PDFDocument, d: DispatchDocumentData): number {
  const values = dispatchValues(d);
  values.receptacleCount = String(d.receptacles.length);
  values.itemCount = String(d.receptacles.reduce((a, r) => a + r.itemCount, 0));
  values.totalWeight = (d.receptacles.reduce((a, r) => a + r.grossWeightGrams, 0) / 1000).toFixed(1);
  const receptacles: TableRow[] = d.receptacles.map((r, i) => ({
    no: String(i + 1),
    receptacleId: r.receptacleId,
    registered: r.containsRegistered ? 'R' : '',
    itemCount: String(r.itemCount),
    weight: (r.grossWeightGrams / 1000).toFixed(1),
    seal: r.sealNumber ?? '',
  }));
  return renderTemplate(doc, loadTemplate('cn38'), values, { receptacles });
}

export function renderManifest(doc: PDFKit.PDFDocument, d: DispatchDocumentData): number {
  const values = dispatchValues(d);
  values.itemCount = String(d.items.length);
  values.totalWeight = kg(d.items.reduce((a, i) => a + i.grossWeightGrams, 0));
  const items: TableRow[] = d.items.map((item, i) => ({
    no: String(i + 1),
    receptacleId: item.receptacleId,
    trackingNumber: item.trackingNumber,
    weight: kg(item.grossWeightGrams),
    destinationCountry: item.destinationCountry,
    addresseeName: item.addresseeName,
    contents: item.contents,
    value: item.value ? money(item.value) : '',
  }));
  return renderTemplate(doc, loadTemplate('manifest'), values, { items });
}

/** Collects a finished document into one buffer (tests, small documents). */
export function pdfBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}
