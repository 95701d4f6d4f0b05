import type { LineRow, ShipmentRow } from '../shipments/shipments.repository.js';
import type { DispatchRow, HubParcelRow, ReceptacleRow } from './hub.repository.js';

/**
 * What a closing dispatch freezes: the CN 38-style delivery bill (CN 41 / CN 37 by mail category)
 * and the ITMATT-style item data its carrier receives. Pure: built from rows the caller locked.
 */
export function deliveryBill(d: DispatchRow, receptacles: readonly ReceptacleRow[], parcels: readonly HubParcelRow[], at: { carrier: string; airWaybill: string | null; closedAt: Date; lastId: string }) {
  return {
    type: d.mailCategory === 'A' ? 'CN38' : d.mailCategory === 'B' ? 'CN41' : 'CN37',
    dispatchNumber: d.dispatchNumber,
    originOffice: d.originOffice,
    destinationOffice: d.destinationOffice,
    mailCategory: d.mailCategory,
    mailSubclass: d.mailSubclass,
    carrier: at.carrier,
    transport: d.transport,
    airWaybill: at.airWaybill,
    closedAt: at.closedAt.toISOString(),
    receptacles: receptacles.map((r) => ({
      receptacleNumber: r.receptacleNumber,
      serial: r.serial,
      weightGrams: r.grossWeightG,
      itemCount: r.itemCount,
      registered: r.registeredCount > 0,
      dangerousGoods: r.dangerousGoodsCount > 0,
      highest: r.id === at.lastId,
    })),
    totals: {
      receptacles: receptacles.length,
      items: parcels.length,
      weightGrams: receptacles.reduce((sum, r) => sum + r.grossWeightG, 0),
    },
  };
}

export function itemData(parcels: readonly HubParcelRow[], shipmentById: ReadonlyMap<string, ShipmentRow>, lines: ReadonlyMap<string, LineRow[]>, numberById: ReadonlyMap<string, string>) {
  return parcels.map((p) => {
    const s = shipmentById.get(p.shipmentId)!;
    return {
      trackingNumber: p.trackingNumber,
      receptacleNumber: numberById.get(p.receptacleId!),
      service: s.service,
      category: s.category,
      categoryExplanation: s.categoryExplanation,
      sender: s.sender,
      addressee: s.addressee,
      grossWeightGrams: s.grossWeightG,
      measuredWeightGrams: p.receivedWeightG,
      totalValue: { amountMinor: s.totalValueMinor, currency: s.currency },
      customsForm: s.customsForm,
      lithiumBatteries: s.lithiumBatteries,
      iossNumber: s.iossNumber,
      contents: (lines.get(p.shipmentId) ?? []).map((l) => ({
        description: l.description, quantity: l.quantity, netWeightGrams: l.netWeightGrams, value: l.value, hsCode: l.hsCode, originCountry: l.originCountry,
      })),
    };
  });
}
