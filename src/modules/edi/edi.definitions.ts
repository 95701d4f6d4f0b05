/**
 * The data elements of each exported message, after the public descriptions of UPU ITMATT (M33),
 * PREDES (M41), CARDIT (M48) and EMSEVT (M40) listed in docs/edi.md. Element names are Silkgate's
 * own: the UPU message specifications are not public, so nothing here claims their wire format.
 */
import { bool, dateTime, field, group, integer, list, optional, text, type Field, type MessageDefinition } from './schema-dsl.js';

export const EDI_SCHEMA_VERSION = '1.0';
export const EDI_MESSAGE_TYPES = ['ITMATT', 'PREDES', 'CARDIT', 'EMSEVT'] as const;
export type EdiMessageType = (typeof EDI_MESSAGE_TYPES)[number];

const S10 = text({ pattern: '[A-Z]{2}[0-9]{9}[A-Z]{2}' });
const S8 = text({ pattern: '[A-Z0-9]{12}[A-D][A-Z][A-Z0-9][0-9]{5}' });
const S9 = text({ pattern: '[A-Z0-9]{12}[A-D][A-Z][A-Z0-9][0-9]{8}[019][019][0-9]{4}' });
const OFFICE = text({ pattern: '[A-Z]{2}[A-Z0-9]{4}' });
const COUNTRY = text({ pattern: '[A-Z]{2}' });
const CURRENCY = text({ pattern: '[A-Z]{3}' });
const NAME = text({ maxLength: 200 });
const grams = () => integer(0);

const money = group(
  field('amountMinor', integer(0), 'Amount in minor units of the currency (cents, kopecks, sen).'),
  field('currency', CURRENCY, 'ISO 4217 currency code.'),
);

const header = (type: EdiMessageType): Field[] => [
  field('messageId', text({ maxLength: 100 }), 'Unique id of this message; the same document exported again has the same id.'),
  field('messageType', text({ enum: [type] }), 'The message whose data elements this document carries.'),
  field('schemaVersion', text({ enum: [EDI_SCHEMA_VERSION] }), 'Version of the Silkgate schema this document follows.'),
  field('preparedAt', dateTime(), 'When the document was prepared (UTC).'),
  field('senderOffice', OFFICE, 'Office of exchange of the sending hub (IMPC code, e.g. MYKULA).'),
  field('recipient', text({ maxLength: 20 }), 'Silkgate code of the receiving carrier or post (e.g. RU-POST).'),
];

const party = group(
  field('name', NAME, 'Person name.'),
  optional('company', text(), 'Business name.'),
  list('addressLines', 'line', text({ maxLength: 200 }), 'Street address lines, in order.'),
  field('city', text(), 'City or town.'),
  optional('postcode', text({ maxLength: 20 }), 'Postcode.'),
  field('countryCode', COUNTRY, 'ISO 3166-1 alpha-2 country code.'),
  optional('phone', text({ maxLength: 40 }), 'Telephone number.'),
  optional('email', text(), 'E-mail address.'),
);

const contentPiece = group(
  field('pieceNo', integer(1), 'Line number on the declaration, from 1.'),
  field('description', text({ maxLength: 300 }), 'Detailed description of the goods (CN 23 box 1).'),
  field('quantity', integer(1), 'Number of units.'),
  field('netWeightGrams', grams(), 'Net weight of the line in grams.'),
  field('value', money, 'Value of the line (all units).'),
  field('hsCode', text({ pattern: '[0-9]{6,10}' }), 'Harmonized System tariff number, 6 to 10 digits.'),
  field('originCountry', COUNTRY, 'Country of origin of the goods.'),
);

const itmattItem = group(
  field('itemId', S10, 'UPU S10 item identifier.'),
  field('acceptedAt', dateTime(), 'Acceptance (declaration) date and time.'),
  field('service', text({ maxLength: 40 }), 'Silkgate postal service (REGISTERED_SMALL_PACKET, TRACKED_PACKET, PARCEL, EMS).'),
  optional('receptacleId', S9, 'S9 receptacle the item travels in.'),
  field('customsForm', text({ enum: ['CN22', 'CN23'] }), 'Customs declaration form.'),
  field('category', text({ enum: ['GIFT', 'DOCUMENTS', 'COMMERCIAL_SAMPLE', 'RETURNED_GOODS', 'SALE_OF_GOODS', 'OTHER'] }), 'Category of item (CN 22/23 box 10).'),
  optional('categoryExplanation', text(), 'Explanation when the category is OTHER.'),
  field('sender', party, 'Sender as declared.'),
  field('addressee', party, 'Addressee as declared.'),
  optional('senderCustomsReference', text(), "Sender's customs reference."),
  optional('addresseeTaxId', text({ maxLength: 40 }), "Addressee's tax identification number."),
  optional('importerReference', text(), 'Importer reference (tax code, VAT number or importer code).'),
  optional('iossNumber', text({ pattern: 'IM[0-9]{10}' }), 'EU Import One-Stop Shop number of the seller.'),
  field('grossWeightGrams', grams(), 'Declared gross weight in grams.'),
  optional('measuredWeightGrams', grams(), 'Gross weight measured at the hub, in grams.'),
  field('totalValue', money, 'Total declared value.'),
  optional('postalCharges', money, 'Postal charges and fees (CN 23 box 9).'),
  field('lithiumBatteries', text({ enum: ['NONE', 'LITHIUM_ION_IN_EQUIPMENT', 'LITHIUM_METAL_IN_EQUIPMENT'] }), 'Lithium batteries in the item.'),
  optional('invoiceNumber', text(), 'Commercial invoice number.'),
  list('licenceNumbers', 'licenceNumber', text(), 'Licence numbers.', { optional: true }),
  list('certificateNumbers', 'certificateNumber', text(), 'Certificate numbers.', { optional: true }),
  optional('comments', text(), 'Comments (quarantine, sanitary or other restrictions).'),
  list('contentPieces', 'contentPiece', contentPiece, 'Contents lines.'),
);

const dispatchFields = (): Field[] => [
  field('dispatchId', S8, 'UPU S8 dispatch identifier.'),
  field('originOffice', OFFICE, 'Origin office of exchange.'),
  field('destinationOffice', OFFICE, 'Destination office of exchange.'),
  field('mailCategory', text({ enum: ['A', 'B', 'C', 'D'] }), 'Mail category (code list 115): A air, B S.A.L., C surface, D priority by surface.'),
  field('mailSubclass', text({ pattern: '[A-Z][A-Z0-9]' }), 'Mail subclass (code list 117); its first letter is the mail class.'),
  field('dispatchYear', integer(2000, 2099), 'Dispatch year.'),
  field('dispatchSerial', integer(1, 9999), 'Dispatch serial number within the year.'),
  field('deliveryBillType', text({ enum: ['CN37', 'CN38', 'CN41'] }), 'Paper delivery bill this dispatch is listed on.'),
  field('closedAt', dateTime(), 'When the dispatch was closed.'),
];

const totals = (...extra: Field[]) =>
  group(
    ...extra,
    field('receptacles', integer(0), 'Number of receptacles.'),
    field('items', integer(0), 'Number of items.'),
    field('grossWeightGrams', grams(), 'Total gross weight of the receptacles in grams.'),
  );

const receptacleFlags = (): Field[] => [
  field('grossWeightGrams', grams(), 'Gross weight of the receptacle in grams.'),
  field('itemCount', integer(0), 'Number of items in the receptacle.'),
  field('highest', bool(), 'The highest-numbered receptacle of its dispatch (S9 indicator 1).'),
  field('registered', bool(), 'Contains registered or insured items.'),
  field('dangerousGoods', bool(), 'Contains admitted dangerous goods (lithium batteries in equipment).'),
];

export const ITMATT: MessageDefinition = {
  root: 'ITMATT',
  doc: 'Item attributes (the electronic CN 22/CN 23) of the items of one dispatch.',
  namespace: 'urn:silkgate:edi:itmatt:1',
  fields: [...header('ITMATT'), optional('dispatchId', S8, 'S8 dispatch the items left in.'), list('items', 'item', itmattItem, 'The items.')],
};

export const PREDES: MessageDefinition = {
  root: 'PREDES',
  doc: 'Dispatch pre-advice: one closed dispatch, its receptacles and the items in each.',
  namespace: 'urn:silkgate:edi:predes:1',
  fields: [
    ...header('PREDES'),
    field('dispatch', group(...dispatchFields()), 'The dispatch.'),
    field('plannedTransport', group(
      field('mode', text({ enum: ['AIR', 'SAL', 'SURFACE'] }), 'Transport mode.'),
      optional('flightNumber', text({ maxLength: 10 }), 'Planned flight, e.g. MH1234.'),
      optional('departureAt', dateTime(), 'Planned departure.'),
    ), 'Planned transport printed on every receptacle label.'),
    optional('airWaybill', text({ pattern: '[0-9]{3}-[0-9]{8}' }), 'Air waybill the dispatch travels under.'),
    list('receptacles', 'receptacle', group(
      field('receptacleId', S9, 'UPU S9 receptacle identifier.'),
      field('serial', integer(1, 999), 'Receptacle serial within the dispatch.'),
      ...receptacleFlags(),
      list('itemIds', 'itemId', S10, 'S10 identifiers of the items in the receptacle.'),
    ), 'The receptacles.'),
    field('totals', totals(), 'Totals of the dispatch.'),
  ],
};

export const CARDIT: MessageDefinition = {
  root: 'CARDIT',
  doc: 'Carrier documents: one consignment handed to a carrier, its transport legs and receptacles.',
  namespace: 'urn:silkgate:edi:cardit:1',
  fields: [
    ...header('CARDIT'),
    field('consignment', group(
      field('consignmentNumber', text({ maxLength: 35 }), 'Consignment document number, unique per hub.'),
      optional('airWaybill', text({ pattern: '[0-9]{3}-[0-9]{8}' }), 'Air waybill (or postal air waybill) of the consignment.'),
      field('carrier', text({ maxLength: 20 }), 'Silkgate code of the carrier the consignment is handed to.'),
      field('createdAt', dateTime(), 'When the consignment was closed.'),
    ), 'The consignment.'),
    list('legs', 'leg', group(
      field('legNo', integer(1, 9), 'Order of the leg, from 1.'),
      field('mode', text({ enum: ['AIR', 'ROAD', 'RAIL', 'SEA'] }), 'Transport mode of the leg.'),
      optional('carrierCode', text({ pattern: '[A-Z0-9]{2,3}' }), 'IATA airline (or operator) code.'),
      optional('transportNumber', text({ maxLength: 10 }), 'Flight or voyage number.'),
      field('departureLocation', text({ pattern: '[A-Z]{3}' }), 'IATA code of the place of departure.'),
      field('arrivalLocation', text({ pattern: '[A-Z]{3}' }), 'IATA code of the place of arrival.'),
      optional('departureAt', dateTime(), 'Scheduled departure.'),
      optional('arrivalAt', dateTime(), 'Scheduled arrival.'),
    ), 'Transport legs, in order.'),
    list('dispatches', 'dispatch', group(...dispatchFields()), 'Dispatches whose receptacles are in the consignment.'),
    list('receptacles', 'receptacle', group(
      field('receptacleId', S9, 'UPU S9 receptacle identifier.'),
      field('dispatchId', S8, 'S8 dispatch of the receptacle.'),
      ...receptacleFlags(),
    ), 'The receptacles handed over.'),
    field('totals', totals(field('dispatches', integer(0), 'Number of dispatches.')), 'Totals of the consignment.'),
  ],
};

export const EMSEVT: MessageDefinition = {
  root: 'EMSEVT',
  doc: 'Item events (UPU event codes) of the items of one dispatch.',
  namespace: 'urn:silkgate:edi:emsevt:1',
  fields: [
    ...header('EMSEVT'),
    optional('dispatchId', S8, 'S8 dispatch the items left in.'),
    list('events', 'event', group(
      field('itemId', S10, 'UPU S10 item identifier.'),
      field('eventCode', text({ pattern: 'E[A-Z]{2}' }), 'UPU item event code (EMA, EMB, EXA, EMC, EMD, EDB, EMI …).'),
      field('occurredAt', dateTime(), 'When the event happened.'),
      optional('office', text({ maxLength: 35 }), 'Office of exchange or place of the event.'),
      optional('countryCode', COUNTRY, 'Country of the event.'),
    ), 'The events, by item and time.'),
  ],
};

export const EDI_DEFINITIONS: Record<EdiMessageType, MessageDefinition> = { ITMATT, PREDES, CARDIT, EMSEVT };
