/** A declaration full of distinctive personal and commercial data that no public page may show. */
import { declarationInput } from './fixtures.js';

export const PII = {
  senderName: 'Zulkarnain Bin Hafizuddin-Q7',
  senderStreet: 'Jalan Kenanga Rahsia 4471',
  senderPhone: '+60 3 9999 7311',
  addresseeName: 'Evdokia Prokhorovna Zhurbina',
  addresseeStreet: 'ул. Неглинная, д. 8812, кв. 95',
  addresseeCity: 'Солнечногорск',
  addresseePostcode: '141503',
  addresseePhone: '+7 916 555 83 21',
  addresseeEmail: 'evdokia.zh@example.ru',
  description: 'Hand-embroidered songket scarf Q7X',
  valueMinor: 87654,
  invoice: 'INV-PII-55501',
  taxId: 'TIN-998877-PII',
};

/** Strings that must never appear in a page or its source. */
export const PII_STRINGS = [
  PII.senderName, PII.senderStreet, PII.senderPhone, PII.addresseeName, PII.addresseeStreet, PII.addresseeCity,
  PII.addresseePostcode, PII.addresseePhone, PII.addresseeEmail, PII.description, PII.invoice, PII.taxId,
  String(PII.valueMinor), '876.54', '876,54', 'Q7X', 'songket',
];

export function piiDeclaration() {
  const base = declarationInput();
  return declarationInput({
    sender: { ...base.sender, name: PII.senderName, addressLines: [PII.senderStreet], phone: PII.senderPhone },
    addressee: {
      ...base.addressee, name: PII.addresseeName, addressLines: [PII.addresseeStreet], city: PII.addresseeCity,
      postcode: PII.addresseePostcode, phone: PII.addresseePhone, email: PII.addresseeEmail,
    },
    lines: [{ ...base.lines[0], description: PII.description, value: { amountMinor: PII.valueMinor, currency: 'MYR' } }],
    invoiceNumber: PII.invoice,
    taxId: PII.taxId,
  });
}
