/** A closed dispatch's manifest as CSV: one row per content line of every parcel, by receptacle. */

export interface ManifestDispatch {
  dispatchNumber: string;
  receptacles: {
    receptacleNumber: string | null;
    parcels: {
      trackingNumber: string;
      receivedWeightGrams: number;
      shipment: {
        sellerReference: string;
        customsForm: string;
        sender: { name: string; countryCode: string };
        addressee: { name: string; addressLines: string[]; city: string; postcode: string | null; countryCode: string };
        lines: { lineNo: number; description: string; quantity: number; netWeightGrams: number; hsCode: string; originCountry: string; value: { amountMinor: number; currency: string } }[];
      };
    }[];
  }[];
}

export const MANIFEST_COLUMNS = [
  'dispatch', 'receptacle', 'tracking_number', 'seller_reference', 'customs_form', 'weight_g', 'sender_name', 'sender_country',
  'addressee_name', 'addressee_address', 'addressee_city', 'addressee_postcode', 'addressee_country',
  'line', 'description', 'quantity', 'net_weight_g', 'hs_code', 'origin_country', 'value_minor', 'currency',
] as const;

const cell = (v: string | number | null) => {
  const text = v === null ? '' : String(v);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** RFC 4180 text with CRLF line ends and a BOM, so spreadsheet programs read the UTF-8 names right. */
export function manifestCsv(dispatch: ManifestDispatch): string {
  const rows = dispatch.receptacles.flatMap((r) =>
    r.parcels.flatMap((p) =>
      p.shipment.lines.map((l) => [
        dispatch.dispatchNumber, r.receptacleNumber, p.trackingNumber, p.shipment.sellerReference, p.shipment.customsForm, p.receivedWeightGrams,
        p.shipment.sender.name, p.shipment.sender.countryCode, p.shipment.addressee.name, p.shipment.addressee.addressLines.join(', '),
        p.shipment.addressee.city, p.shipment.addressee.postcode, p.shipment.addressee.countryCode,
        l.lineNo, l.description, l.quantity, l.netWeightGrams, l.hsCode, l.originCountry, l.value.amountMinor, l.value.currency,
      ]),
    ),
  );
  return `\uFEFF${[MANIFEST_COLUMNS, ...rows].map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}
