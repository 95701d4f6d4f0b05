/** Plain document data for renderer tests, the README images and the label benchmark. */
import type { Cn35Data, DeclarationData, DispatchDocumentData, LabelData } from '../../src/modules/documents/documents.model.js';

const myr = (amountMinor: number) => ({ amountMinor, currency: 'MYR', minorUnits: 2 });

export function declarationData(overrides: Partial<DeclarationData> = {}): DeclarationData {
  return {
    form: 'CN22',
    trackingNumber: 'LM100000015MY',
    sellerReference: 'ORD-2026-11-0042',
    designatedOperator: 'Pos Malaysia',
    sender: {
      name: 'Mawar Apparel Sdn Bhd',
      addressLines: ['Lot 12, Jalan KLIA S5', 'Southern Support Zone'],
      postcode: '64000',
      city: 'Sepang',
      countryCode: 'MY',
      countryName: 'Malaysia',
      phone: '+60 3 8787 1234',
    },
    addressee: {
      name: 'Анна Иванова',
      addressLines: ['ул. Тверская, д. 7, кв. 12'],
      postcode: '125009',
      city: 'Москва',
      countryCode: 'RU',
      countryName: 'Russian Federation',
      phone: '+7 495 123 45 67',
      email: 'anna@example.ru',
    },
    senderCustomsReference: 'MY-EXP-7781',
    importerReference: 'INN 7707083893',
    category: 'SALE_OF_GOODS',
    categoryExplanation: null,
    lines: [
      { description: "Women's cotton T-shirt, printed", quantity: 2, netWeightGrams: 300, value: myr(4590), hsCode: '610910', originCountry: 'MY' },
      { description: 'Silk scarf, hand-painted batik', quantity: 1, netWeightGrams: 60, value: myr(8900), hsCode: '621410', originCountry: 'MY' },
    ],
    grossWeightGrams: 420,
    totalValue: myr(13490),
    postalCharges: myr(2500),
    comments: 'No restrictions',
    licenceNumbers: ['LIC-55/2026'],
    certificateNumbers: ['CERT-ORIG-9912'],
    invoiceNumber: 'INV-2026-0001',
    taxId: 'LVG-C20230011',
    iossNumber: null,
    officeOfOrigin: 'MYKULA Kuala Lumpur DFTZ eFulfilment Hub',
    dateOfPosting: '2026-11-21',
    lithiumBatteries: 'NONE',
    ...overrides,
  };
}

/** A CN 23 with `count` lines, each value and description distinct so a lost line shows. */
export function manyLineDeclaration(count: number): DeclarationData {
  const lines = Array.from({ length: count }, (_, i) => ({
    description: `Article ${String(i + 1).padStart(2, '0')}: men's cotton shirt, long sleeves, size ${['S', 'M', 'L', 'XL'][i % 4]}`,
    quantity: (i % 3) + 1,
    netWeightGrams: 200 + i,
    value: myr(10_000 + i * 101),
    hsCode: '620520',
    originCountry: i % 2 ? 'CN' : 'MY',
  }));
  return declarationData({
    form: 'CN23',
    trackingNumber: 'CM100000029MY',
    lines,
    grossWeightGrams: lines.reduce((a, l) => a + l.netWeightGrams, 0) + 500,
    totalValue: myr(lines.reduce((a, l) => a + l.value.amountMinor, 0)),
  });
}

export function labelData(overrides: Partial<DeclarationData> = {}): LabelData {
  return { declaration: declarationData(overrides), service: 'TRACKED_PACKET', destinationOffice: 'RUMOWA', destinationCarrier: 'Russian Post' };
}

export const S9 = 'MYKULARUMOWAACC60042017000184';
export const S8 = 'MYKULARUMOWAACC60042';

export function cn35Data(overrides: Partial<Cn35Data> = {}): Cn35Data {
  return {
    receptacleId: S9,
    dispatchId: S8,
    origin: { code: 'MYKULA', name: 'Kuala Lumpur DFTZ' },
    destination: { code: 'RUMOWA', name: 'Moskva' },
    mailCategory: 'A',
    mailSubclass: 'CC',
    dispatchNumber: '0042',
    receptacleSerial: '017',
    lastReceptacle: false,
    containsRegistered: false,
    grossWeightGrams: 18_400,
    itemCount: 46,
    carrier: 'Malaysia Airlines Cargo',
    transport: { mode: 'Air', flightNumber: 'MH 0130', departure: '2026-11-21 23:55', fromAirport: 'KUL', toAirport: 'SVO' },
    ...overrides,
  };
}

export function dispatchData(receptacleCount = 3, itemsPerReceptacle = 4): DispatchDocumentData {
  const receptacles = Array.from({ length: receptacleCount }, (_, r) => {
    const serial = String(r + 1).padStart(3, '0');
    const weight = 12_000 + r * 1_300;
    const last = r === receptacleCount - 1 ? '1' : '0';
    return {
      receptacleId: `${S8}${serial}${last}0${String(Math.round(weight / 100)).padStart(4, '0')}`,
      grossWeightGrams: weight,
      itemCount: itemsPerReceptacle,
      containsRegistered: false,
      sealNumber: `SEAL-${7700 + r}`,
    };
  });
  const items = receptacles.flatMap((rec, r) =>
    Array.from({ length: itemsPerReceptacle }, (_, i) => ({
      receptacleId: rec.receptacleId,
      trackingNumber: `LM${String(10_000_000 + r * 100 + i)}${(r + i) % 10}MY`,
      grossWeightGrams: 380 + i * 10,
      destinationCountry: 'RU',
      addresseeName: i % 2 ? 'Анна Иванова' : 'Пётр Смирнов',
      contents: "Women's cotton T-shirt ×2",
      value: myr(4590 + i),
    })),
  );
  return {
    dispatchId: S8,
    origin: { code: 'MYKULA', name: 'Kuala Lumpur DFTZ' },
    destination: { code: 'RUMOWA', name: 'Moskva' },
    mailCategory: 'A',
    mailSubclass: 'CC',
    dispatchNumber: '0042',
    closedAt: '2026-11-21T18:30:00Z',
    carrier: 'Malaysia Airlines Cargo',
    transport: { mode: 'Air', flightNumber: 'MH 0130', departure: '2026-11-21 23:55', fromAirport: 'KUL', toAirport: 'SVO' },
    airWaybill: '232-12345675',
    receptacles,
    items,
  };
}

/** An addressee in China whose name and address mix Han characters, Latin letters and digits, plus a Cyrillic line. */
export const MIXED_ADDRESSEE = {
  name: '王小明 Wang Xiaoming',
  addressLines: ['北京市朝阳区建国路88号 SOHO 3号楼 1208室', 'для: Пётр Смирнов'],
  postcode: '100022',
  city: '北京 Beijing',
  countryCode: 'CN',
  countryName: 'China',
  phone: '+86 10 6588 1234',
  email: null,
};

/** A declaration to that addressee, with a line described in Chinese and English. */
export function mixedScriptDeclaration(overrides: Partial<DeclarationData> = {}): DeclarationData {
  const base = declarationData();
  return declarationData({
    addressee: MIXED_ADDRESSEE,
    lines: [{ ...base.lines[0], description: '丝绸围巾 Silk scarf 2件' }, base.lines[1]],
    ...overrides,
  });
}

/** A dispatch to Beijing: Chinese office name and carrier, addressees and contents mixing scripts. */
export function mixedScriptDispatch(): DispatchDocumentData {
  const d = dispatchData(2, 2);
  return {
    ...d,
    destination: { code: 'CNBJSA', name: '北京 Beijing 国际邮件互换局' },
    carrier: '中国邮政 China Post',
    items: d.items.map((item, i) => ({ ...item, destinationCountry: 'CN', addresseeName: i % 2 ? '李娜 Li Na' : MIXED_ADDRESSEE.name, contents: '2 × 丝绸围巾 silk scarf; 1 × Футболка' })),
  };
}
