import { formatMoney } from '../../standards/money.js';
import { assessDutyAndTax, TaxRuleError, type Assessment, type TaxLineInput } from '../../standards/tax/index.js';
import { readSeed } from '../reference/reference.seeder.js';
import type { ReferenceData } from '../reference/reference.service.js';
import type { DeclaredShipment } from '../shipments/shipments.service.js';
import type { CustomsData } from './customs.types.js';
import { compileRiskData, evaluateRisk, type DeniedPartiesSeed, type RiskResult, type RiskRulesSeed } from './risk/risk.engine.js';
import { normaliseName } from './risk/similarity.js';
import type { RiskContext, RiskLine, RiskParty, RiskRule } from './risk/risk.types.js';
import { DEFAULT_RISK_RULES } from './risk/rules.js';

/** Duty and tax (the regime's rules) and risk (the rules and lists in seed/) of one declaration: no I/O. */
export class CustomsAssessor {
  constructor(
    private readonly reference: ReferenceData,
    private readonly data: CustomsData,
    private readonly riskRules: readonly RiskRule[] = DEFAULT_RISK_RULES,
  ) {}

  static async loadData(reference: ReferenceData): Promise<CustomsData> {
    const [riskRules, denied] = await Promise.all([
      readSeed<RiskRulesSeed>('risk-rules.json'),
      readSeed<DeniedPartiesSeed>('denied-parties.json'),
    ]);
    return { risk: compileRiskData(riskRules, denied, reference.declarationRules) };
  }

  /** How long the split-shipment rule looks back over one addressee's parcels. */
  get addresseeWindowHours(): number {
    return this.data.risk.splitShipment.windowHours;
  }

  assess(d: DeclaredShipment, cbecYearMinor: number, lines: AssessedLine[]): Assessment {
    const s = d.shipment;
    try {
      return assessDutyAndTax(
        {
          destination: s.destinationCountry,
          destinationIsEu: this.reference.countries.get(s.destinationCountry)?.euMember ?? false,
          declaredOn: s.ratesDate,
          category: s.category,
          lines,
          grossWeightG: s.grossWeightG,
          iossNumber: s.iossNumber,
          taxId: s.taxId,
          buyerYearToDateMinor: cbecYearMinor,
        },
        // Loaded regime versions included (ReferenceData's RegimeBook).
        this.reference.regimes.current,
        this.reference,
      );
    } catch (error) {
      if (!(error instanceof TaxRuleError)) throw error;
      // The parcel is declared; an officer assesses it by hand (the risk step routes it to review).
      return {
        regime: 'GENERIC', basis: 'UNASSESSED', ruleVersion: 'none', currency: s.currency, valueMinor: s.totalValueMinor, lines: [], dutyMinor: 0, taxMinor: 0,
        dueMinor: 0, collectedAtSaleMinor: 0, thresholds: [], inputs: { error: error.message }, notes: [`Not assessed automatically: ${error.message}`],
      };
    }
  }

  risk(d: DeclaredShipment, assessment: Assessment, window: { parcels: number; valueSdrMinor: number }, lines: AssessedLine[], measuredWeightG?: number): RiskResult {
    const ctx = new DeclarationRiskContext(d.shipment, lines, assessment, window, measuredWeightG, this.reference, this.data.risk.referenceCurrency);
    const result = evaluateRisk(ctx, this.data.risk, this.riskRules);
    if (assessment.basis === 'UNASSESSED') {
      const weight = Math.max(0, this.data.risk.lanes.amberFrom - result.score);
      if (weight > 0 || result.lane === 'GREEN') {
        const hit = { code: 'ASSESSMENT_FAILED', weight, explanation: `Duty and tax could not be assessed automatically (${String(assessment.inputs.error)}); an officer must assess it.` };
        return { score: result.score + weight, lane: result.lane === 'GREEN' ? 'AMBER' : result.lane, hits: [...result.hits, hit] };
      }
    }
    return result;
  }
}

/** A declaration line as the tax engine and the risk rules both read it, mapped once per parcel. */
export type AssessedLine = TaxLineInput & RiskLine;

export function linesToAssess(d: DeclaredShipment): AssessedLine[] {
  return d.declaration.lines.map((l) => ({
    lineNo: l.lineNo, hsCode: l.hsCode, description: l.description, quantity: l.quantity, valueMinor: l.value.amountMinor, currency: l.value.currency,
    netWeightG: l.netWeightGrams, originCountry: l.originCountry,
  }));
}

/** What the risk rules see of one declaration; amounts convert at its rates date. */
class DeclarationRiskContext implements RiskContext {
  readonly currency: string;
  readonly totalValueMinor: number;
  readonly valueSdrMinor: number;
  readonly grossWeightG: number;
  readonly netWeightG: number;
  readonly lithiumBatteries: string;
  readonly parties: RiskParty[];
  private readonly ratesDate: string;

  constructor(
    s: DeclaredShipment['shipment'],
    readonly lines: AssessedLine[],
    readonly assessment: Assessment,
    readonly addresseeWindow: { parcels: number; valueSdrMinor: number },
    readonly measuredWeightG: number | undefined,
    private readonly reference: ReferenceData,
    private readonly referenceCurrency: string,
  ) {
    this.currency = s.currency;
    this.totalValueMinor = s.totalValueMinor;
    this.valueSdrMinor = s.valueSdrMinor;
    this.grossWeightG = s.grossWeightG;
    this.netWeightG = s.netWeightG;
    this.lithiumBatteries = s.lithiumBatteries;
    this.parties = [
      { role: 'sender', name: s.sender.name, company: s.sender.company },
      { role: 'addressee', name: s.addressee.name, company: s.addressee.company },
    ];
    this.ratesDate = s.ratesDate;
  }

  toReference(amountMinor: number, currency: string): number | undefined {
    return this.reference.convert(amountMinor, currency, this.referenceCurrency, this.ratesDate);
  }

  format(amountMinor: number, currency: string): string {
    return formatMoney({ amountMinor, currency }, this.reference.currencies.get(currency)?.minorUnits ?? 2);
  }
}

/** Same addressee: destination, normalised name tokens, postcode (or the importer id for China). */
export function addresseeKey(country: string, name: string, postcode: string | null | undefined, importerReference?: string | null): string {
  if (country === 'CN' && importerReference?.trim()) return `CN|id:${importerReference.trim().toUpperCase()}`;
  return `${country}|${normaliseName(name).sort().join(' ')}|${(postcode ?? '').replace(/\s/g, '').toUpperCase()}`;
}
