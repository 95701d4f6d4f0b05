/** Declaration inputs as a seller's system would send them. */
let counter = 0;

export function uniqueRef(prefix = 'ORD'): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${process.pid}-${counter}`;
}

export function declarationInput(overrides: Record<string, unknown> = {}) {
  return {
    sellerReference: uniqueRef(),
    service: 'TRACKED_PACKET',
    sender: {
      name: 'Mawar Apparel Sdn Bhd',
      addressLines: ['Lot 12, Jalan KLIA S5', 'Southern Support Zone'],
      city: 'Sepang',
      postcode: '64000',
      countryCode: 'MY',
      phone: '+60 3 8787 1234',
    },
    addressee: {
      name: 'Анна Иванова',
      addressLines: ['ул. Тверская, д. 7, кв. 12'],
      city: 'Москва',
      postcode: '125009',
      countryCode: 'RU',
      phone: '+7 495 123 45 67',
      email: 'anna@example.ru',
    },
    category: 'SALE_OF_GOODS',
    lines: [
      {
        description: "Women's cotton T-shirt, printed",
        quantity: 2,
        netWeightGrams: 300,
        value: { amountMinor: 4590, currency: 'MYR' },
        hsCode: '610910',
        originCountry: 'MY',
      },
    ],
    grossWeightGrams: 380,
    invoiceNumber: 'INV-2026-0001',
    ...overrides,
  };
}

export const SHIPMENT_FIELDS = `
  id trackingNumber sellerReference service status customsForm
  totalValue { amountMinor currency formatted } valueSdr { amountMinor currency }
  grossWeightGrams netWeightGrams destinationCountry originCountry
  lines { lineNo description quantity hsCode value { amountMinor currency } }
  events { code description occurredAt }
`;

export const DECLARE_ONE = `mutation Declare($input: DeclareShipmentInput!) {
  declareShipment(input: $input) {
    __typename
    ... on Shipment { ${SHIPMENT_FIELDS} }
    ... on DeclarationRejected { errorCode message index errors { path code message } }
  }
}`;

export const DECLARE_MANY = `mutation DeclareMany($inputs: [DeclareShipmentInput!]!, $key: String) {
  declareShipments(inputs: $inputs, idempotencyKey: $key) {
    createdCount rejectedCount replayed
    results {
      __typename
      ... on Shipment { id trackingNumber sellerReference }
      ... on DeclarationRejected { errorCode message index errors { path code message } }
    }
  }
}`;
