import type { Database, Queryable } from '../../db/database.js';
import { AppError, badInput, forbidden, notFound } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import { normaliseS10 } from '../../standards/s10.js';
import type { Principal } from '../auth/principal.js';
import type { ReferenceData } from '../reference/reference.service.js';
import * as shipmentsRepo from '../shipments/shipments.repository.js';
import type { ShipmentsService } from '../shipments/shipments.service.js';
import { noConsolidationSource, type ConsolidationDocumentSource } from './consolidation-source.js';
import type { DocumentsErrorCode } from './documents.errors.js';
import type { Cn35Data, DeclarationData, DispatchDocumentData, LabelData, PartyData } from './documents.model.js';

/** Most labels in one bulk PDF. */
export const MAX_BULK_LABELS = 1000;

const S9_PATTERN = /^[A-Z0-9]{29}$/;
const S8_PATTERN = /^[A-Z0-9]{20}$/;

/**
 * Loads what documents print and decides who may print them: a document is visible exactly when
 * the data it shows is (shipments through ShipmentsService.scopeFor; bags and dispatches through
 * the consolidation source).
 */
export class DocumentsService {
  private consolidation: ConsolidationDocumentSource = noConsolidationSource;

  constructor(
    private readonly db: Database,
    private readonly reference: ReferenceData,
    private readonly shipments: ShipmentsService,
  ) {}

  /** Connects the hub module's receptacles and dispatches (CN 35, CN 38, manifest). */
  useConsolidationSource(source: ConsolidationDocumentSource): void {
    this.consolidation = source;
  }

  /**
   * Declaration data for shipments given by id or S10 number, in the order asked. Any one the caller
   * may not see makes the whole request NOT_FOUND (naming them), before a byte is rendered.
   */
  async declarations(principal: Principal, refs: readonly string[]): Promise<DeclarationData[]> {
    return (await this.load(principal, refs)).map((s) => s.declaration);
  }

  async labels(principal: Principal, refs: readonly string[]): Promise<LabelData[]> {
    return (await this.load(principal, refs)).map(({ row, declaration }) => {
      const carrier = this.reference.carriers.find((c) => c.destinations.includes(declaration.addressee.countryCode));
      return {
        declaration,
        service: row.service,
        destinationOffice: carrier?.officeOfExchange ?? null,
        destinationCarrier: carrier?.name ?? null,
      };
    });
  }

  private async load(principal: Principal, refs: readonly string[]): Promise<{ row: shipmentsRepo.ShipmentRow; declaration: DeclarationData }[]> {
    if (refs.length === 0) throw badInput('Name at least one shipment (id or tracking number).');
    if (refs.length > MAX_BULK_LABELS) {
      throw new AppError('LIMIT_EXCEEDED', `At most ${MAX_BULK_LABELS} shipments per PDF; this request names ${refs.length}.`, { limit: MAX_BULK_LABELS });
    }
    const scope = this.shipments.scopeFor(principal);
    const ids = refs.filter((r) => isUuid(r));
    const numbers = refs.filter((r) => !isUuid(r)).map(normaliseS10);
    const find = async (db: Queryable) => {
      const [byId, byNumber] = await Promise.all([
        ids.length ? shipmentsRepo.findShipments(db, scope, { ids }) : [],
        numbers.length ? shipmentsRepo.findShipments(db, scope, { trackingNumbers: numbers }) : [],
      ]);
      const found = new Map<string, shipmentsRepo.ShipmentRow>();
      for (const row of [...byId, ...byNumber]) {
        found.set(row.id, row);
        found.set(row.trackingNumber, row);
      }
      return refs.map((r) => found.get(isUuid(r) ? r : normaliseS10(r)));
    };
    // Rendering reads a replica; a parcel it has not replayed yet is looked up on the primary, so a
    // label asked for right after declaring never fails for replication lag.
    let source: Queryable = this.db.reads;
    let rows = await find(source);
    if (source !== this.db && rows.some((row) => !row)) {
      source = this.db;
      rows = await find(source);
    }
    const missing = refs.filter((_r, i) => !rows[i]);
    if (missing.length) {
      throw new AppError('NOT_FOUND', `${missing.length === 1 ? 'Shipment' : `${missing.length} shipments`} not found: ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ' …' : ''}.`, {
        missing: missing.slice(0, 100),
      });
    }
    const present = rows as shipmentsRepo.ShipmentRow[];
    const lines = await shipmentsRepo.linesForShipments(source, [...new Set(present.map((r) => r.id))]);
    return present.map((row) => ({ row, declaration: this.toDeclarationData(row, lines.get(row.id) ?? []) }));
  }

  async receptacle(principal: Principal, receptacleId: string): Promise<Cn35Data> {
    this.requireConsolidationRole(principal);
    const id = receptacleId.toUpperCase();
    const data = S9_PATTERN.test(id) ? await this.consolidation.receptacle(id, principal) : null;
    if (!data) throw notFound('Receptacle');
    return data;
  }

  async dispatch(principal: Principal, dispatchId: string): Promise<DispatchDocumentData> {
    this.requireConsolidationRole(principal);
    const id = dispatchId.toUpperCase();
    const data = S8_PATTERN.test(id) ? await this.consolidation.dispatch(id, principal) : null;
    if (!data) throw notFound('Dispatch');
    if (!data.closedAt) {
      throw new AppError<DocumentsErrorCode>('DISPATCH_NOT_CLOSED', `Dispatch ${id} is still open: its delivery bill and manifest are printed once it is closed.`);
    }
    return data;
  }

  private requireConsolidationRole(principal: Principal): void {
    if (principal.role === 'SELLER') throw forbidden('Bag labels and delivery bills are for hub staff, officers and carriers.');
  }

  private toDeclarationData(row: shipmentsRepo.ShipmentRow, lines: shipmentsRepo.LineRow[]): DeclarationData {
    const hub = this.reference.hubById(row.hubId);
    const operator = this.reference.carriers.find((c) => c.countryCode === (hub?.countryCode ?? row.originCountry));
    const minorUnits = (currency: string) => this.reference.currencies.get(currency)?.minorUnits ?? 2;
    const party = (a: shipmentsRepo.ShipmentRow['sender']): PartyData => ({
      name: a.name,
      company: a.company ?? null,
      addressLines: a.addressLines,
      postcode: a.postcode ?? null,
      city: a.city,
      countryCode: a.countryCode,
      countryName: this.reference.countries.get(a.countryCode)?.name ?? a.countryCode,
      phone: a.phone,
      email: a.email ?? null,
    });
    const details = row.customsDetails as {
      senderCustomsReference?: string | null;
      importerReference?: string | null;
      invoiceNumber?: string | null;
      licenceNumbers?: string[];
      certificateNumbers?: string[];
      comments?: string | null;
      postalCharges?: { amountMinor: number; currency: string } | null;
    };
    return {
      form: row.customsForm === 'CN23' ? 'CN23' : 'CN22',
      trackingNumber: row.trackingNumber,
      sellerReference: row.sellerReference,
      designatedOperator: operator?.name ?? hub?.name ?? '',
      sender: party(row.sender),
      addressee: party(row.addressee),
      senderCustomsReference: details.senderCustomsReference ?? null,
      importerReference: details.importerReference ?? null,
      category: row.category as DeclarationData['category'],
      categoryExplanation: row.categoryExplanation,
      lines: lines.map((l) => ({
        description: l.description,
        quantity: l.quantity,
        netWeightGrams: l.netWeightGrams,
        value: { ...l.value, minorUnits: minorUnits(l.value.currency) },
        hsCode: l.hsCode,
        originCountry: l.originCountry,
      })),
      grossWeightGrams: row.grossWeightG,
      totalValue: { amountMinor: Number(row.totalValueMinor), currency: row.currency, minorUnits: minorUnits(row.currency) },
      postalCharges: details.postalCharges ? { ...details.postalCharges, minorUnits: minorUnits(details.postalCharges.currency) } : null,
      comments: details.comments ?? null,
      licenceNumbers: details.licenceNumbers ?? [],
      certificateNumbers: details.certificateNumbers ?? [],
      invoiceNumber: details.invoiceNumber ?? null,
      taxId: row.taxId,
      iossNumber: row.iossNumber,
      officeOfOrigin: hub ? `${hub.officeOfExchange} ${hub.name}` : '',
      dateOfPosting: new Intl.DateTimeFormat('en-CA', { timeZone: hub?.timezone ?? 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' }).format(row.declaredAt),
      lithiumBatteries: row.lithiumBatteries,
    };
  }
}
