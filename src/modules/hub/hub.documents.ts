/**
 * The hub's receptacles and dispatches as CN 35 / CN 38 / manifest data: the hub module's
 * implementation of the documents module's ConsolidationDocumentSource, connected in
 * src/app/services.ts. Dependencies run one way: hub → documents (types only); the documents module
 * knows nothing of the hub. Visibility is HubScope.canSeeConsolidation.
 */
import type { ConsolidationDocumentSource } from '../documents/consolidation-source.js';
import type { Cn35Data, DispatchDocumentData, DocMoney, OfficeData, TransportData } from '../documents/documents.model.js';
import type { Principal } from '../auth/principal.js';
import type { ReferenceData } from '../reference/reference.service.js';
import type { Database } from '../../db/database.js';
import { findShipments, linesForShipments, type LineRow, type ShipmentRow } from '../shipments/shipments.repository.js';
import * as dispatchesRepo from './dispatches.repository.js';
import * as hubRepo from './hub.repository.js';
import type { DispatchRow, HubParcelRow, ReceptacleRow } from './hub.repository.js';
import type { HubScope } from './hub-scope.js';
import * as receptaclesRepo from './receptacles.repository.js';

/** A dispatch with everything its delivery bill and item manifest print. */
interface DispatchContents {
  dispatch: DispatchRow;
  receptacles: ReceptacleRow[];
  /** Parcels in its receptacles, by tracking number. */
  parcels: HubParcelRow[];
  shipments: Map<string, ShipmentRow>;
  lines: Map<string, LineRow[]>;
}

const TRANSPORT_MODE: Record<string, string> = { AIR: 'Air', SAL: 'S.A.L.', SURFACE: 'Surface' };

export class HubDocumentSource implements ConsolidationDocumentSource {
  constructor(
    private readonly db: Database,
    private readonly scope: HubScope,
    private readonly reference: ReferenceData,
  ) {}

  /** A closed receptacle by its S9 identifier, with its dispatch; null when unknown or not the caller's to see. */
  private async receptacleByNumber(principal: Principal, receptacleNumber: string): Promise<{ receptacle: ReceptacleRow; dispatch: DispatchRow } | null> {
    const r = await receptaclesRepo.findReceptacleByNumber(this.db, receptacleNumber);
    if (!r || !r.dispatchId || !this.scope.canSeeConsolidation(principal, r)) return null;
    const [d] = await dispatchesRepo.findDispatches(this.db, [r.dispatchId]);
    return d ? { receptacle: r, dispatch: d } : null;
  }

  /** A dispatch by its S8 identifier with its receptacles, parcels and their declarations; null when unknown or not the caller's. */
  private async dispatchContents(principal: Principal, dispatchNumber: string): Promise<DispatchContents | null> {
    const d = await dispatchesRepo.findDispatchByNumber(this.db, dispatchNumber);
    if (!d || !this.scope.canSeeConsolidation(principal, d)) return null;
    const receptacles = await receptaclesRepo.receptaclesOfDispatches(this.db, [d.id]);
    const parcels = receptacles.length ? await hubRepo.hubParcelsInReceptacles(this.db, receptacles.map((r) => r.id)) : [];
    const ids = parcels.map((p) => p.shipmentId);
    const [shipments, lines] = ids.length ? await Promise.all([findShipments(this.db, {}, { ids }), linesForShipments(this.db, ids)]) : [[], new Map<string, LineRow[]>()];
    return { dispatch: d, receptacles, parcels, shipments: new Map(shipments.map((s) => [s.id, s])), lines };
  }

  async receptacle(receptacleId: string, principal: Principal): Promise<Cn35Data | null> {
    const found = await this.receptacleByNumber(principal, receptacleId);
    if (!found) return null;
    const { receptacle: r, dispatch: d } = found;
    const s9 = r.receptacleNumber!;
    return {
      receptacleId: s9,
      dispatchId: d.dispatchNumber,
      origin: this.origin(d),
      destination: this.destination(d),
      mailCategory: r.mailCategory,
      mailSubclass: r.mailSubclass,
      dispatchNumber: d.dispatchNumber.slice(16, 20),
      receptacleSerial: s9.slice(20, 23),
      // S9 position 24: highest-receptacle indicator, set to 1 on the last bag when the dispatch closes.
      lastReceptacle: s9[23] === '1',
      containsRegistered: r.registeredCount > 0,
      grossWeightGrams: r.grossWeightG,
      itemCount: r.itemCount,
      carrier: this.carrierName(d.carrierId),
      transport: this.transport(d),
    };
  }

  async dispatch(dispatchId: string, principal: Principal): Promise<DispatchDocumentData | null> {
    const contents = await this.dispatchContents(principal, dispatchId);
    if (!contents) return null;
    const { dispatch: d, receptacles, parcels, shipments, lines } = contents;
    const numberById = new Map(receptacles.map((r) => [r.id, r.receptacleNumber ?? '']));
    return {
      dispatchId: d.dispatchNumber,
      origin: this.origin(d),
      destination: this.destination(d),
      mailCategory: d.mailCategory,
      mailSubclass: d.mailSubclass,
      dispatchNumber: d.dispatchNumber.slice(16, 20),
      closedAt: d.closedAt ? new Date(d.closedAt).toISOString() : null,
      carrier: this.carrierName(d.carrierId),
      transport: this.transport(d),
      airWaybill: d.airWaybill,
      receptacles: receptacles.map((r) => ({
        receptacleId: r.receptacleNumber ?? '',
        grossWeightGrams: r.grossWeightG,
        itemCount: r.itemCount,
        containsRegistered: r.registeredCount > 0,
        sealNumber: null,
      })),
      // In receptacle order, then by tracking number; weights are the measured (received) ones the bags add up.
      items: [...parcels]
        .sort((a, b) => numberById.get(a.receptacleId!)!.localeCompare(numberById.get(b.receptacleId!)!) || a.trackingNumber.localeCompare(b.trackingNumber))
        .map((p) => {
          const s = shipments.get(p.shipmentId);
          return {
            receptacleId: numberById.get(p.receptacleId!) ?? '',
            trackingNumber: p.trackingNumber,
            grossWeightGrams: p.receivedWeightG,
            destinationCountry: p.destinationCountry,
            addresseeName: s?.addressee.name ?? '',
            contents: (lines.get(p.shipmentId) ?? []).map((l) => `${l.quantity} × ${l.description}`).join('; '),
            value: s ? this.money(Number(s.totalValueMinor), s.currency) : null,
          };
        }),
    };
  }

  private origin(d: DispatchRow): OfficeData {
    return { code: d.originOffice, name: this.reference.hubById(d.hubId)?.name ?? null };
  }

  private destination(d: DispatchRow): OfficeData {
    const carrier = this.reference.carriers.find((c) => c.officeOfExchange === d.destinationOffice);
    return { code: d.destinationOffice, name: carrier ? (this.reference.countries.get(carrier.countryCode)?.name ?? null) : null };
  }

  private carrierName(carrierId: string): string {
    return this.reference.carriers.find((c) => c.id === carrierId)?.name ?? '';
  }

  private transport(d: DispatchRow): TransportData {
    const t = d.transport;
    return {
      mode: TRANSPORT_MODE[t.mode] ?? t.mode,
      flightNumber: t.flightNumber ?? null,
      // UTC, minutes: what the bag label and delivery bill print.
      departure: t.departureAt ? `${new Date(t.departureAt).toISOString().slice(0, 16).replace('T', ' ')} UTC` : null,
      fromAirport: null,
      toAirport: null,
    };
  }

  private money(amountMinor: number, currency: string): DocMoney {
    return { amountMinor, currency, minorUnits: this.reference.currencies.get(currency)?.minorUnits ?? 2 };
  }
}
