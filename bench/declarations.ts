/** The declarations the declare benchmarks send: the same over HTTP and through the service. */
import type { DeclareShipmentInput } from '../src/modules/shipments/declaration.validation.js';

const destinations = [
  { countryCode: 'RU', city: 'Москва', postcode: '125009', phone: '+7 495 123 45 67', addressLines: ['ул. Тверская, д. 7, кв. 12'] },
  { countryCode: 'MY', city: 'Kuala Lumpur', postcode: '50450', phone: '+60 3 2161 0000', addressLines: ['12 Jalan Ampang'] },
  { countryCode: 'DE', city: 'Berlin', postcode: '10115', phone: '+49 30 1234567', addressLines: ['Invalidenstraße 5'] },
];

/** Parcel i of a run: a women's apparel shop's orders to Russia, Malaysia and Germany; every fourth with a second line. */
export function declarationFor(run: string, i: number): DeclareShipmentInput {
  const d = destinations[i % destinations.length];
  return {
    sellerReference: `${run}-${i}`,
    service: i % 3 === 0 ? 'REGISTERED_SMALL_PACKET' : 'TRACKED_PACKET',
    sender: { name: 'Mawar Apparel Sdn Bhd', addressLines: ['Lot 12, Jalan KLIA S5'], city: 'Sepang', postcode: '64000', countryCode: 'MY', phone: '+60 3 8787 1234' },
    addressee: { name: `Buyer ${i}`, ...d },
    category: 'SALE_OF_GOODS',
    lines: [
      { description: "Women's cotton T-shirt", quantity: 1 + (i % 3), netWeightGrams: 250, value: { amountMinor: 3990 + (i % 500), currency: 'MYR' }, hsCode: '610910', originCountry: 'MY' },
      ...(i % 4 === 0 ? [{ description: 'Silk scarf, printed', quantity: 1, netWeightGrams: 80, value: { amountMinor: 2590, currency: 'MYR' }, hsCode: '621410', originCountry: 'CN' }] : []),
    ],
    grossWeightGrams: 450,
    invoiceNumber: `INV-${i}`,
  };
}
