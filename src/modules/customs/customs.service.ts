import type { Database } from '../../db/database.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import type { ReferenceData } from '../reference/reference.service.js';
import type { ShipmentStatusPort } from '../shipments/shipment-status.port.js';
import { CustomsAssessor } from './assessment.js';
import { CustomsJobs } from './customs.jobs.js';
import type { CustomsData, CustomsOptions } from './customs.types.js';
import { CustomsAtDeclaration } from './declaration-assessment.js';
import { CustomsDeclarations } from './declarations.service.js';
import { CustomsDocumentRequests } from './document-requests.service.js';
import { CustomsDutyPayments } from './duty-payment.service.js';
import { CustomsAtHub } from './hub-presentation.service.js';
import { CustomsOfficers } from './officer.service.js';
import type { PaymentProvider } from './payments.js';
import type { RiskRule } from './risk/risk.types.js';
import { DEFAULT_RISK_RULES } from './risk/rules.js';
import { CustomsTransitions } from './transitions.js';

export type { CustomsData, CustomsOptions } from './customs.types.js';

/**
 * Customs' parts, wired once: assessment and risk at declaration (inside the declaring
 * transaction), the officer workflow, seller replies and duty payments, presentation and weight
 * re-check at the hub, and the green-channel and escalation jobs. Every state change writes its
 * tracking event, audit record and outbox message in the same transaction (`CustomsTransitions`).
 */
export class CustomsService {
  readonly declarations: CustomsDeclarations;
  readonly officers: CustomsOfficers;
  readonly documentRequests: CustomsDocumentRequests;
  readonly dutyPayments: CustomsDutyPayments;
  readonly atHub: CustomsAtHub;
  readonly jobs: CustomsJobs;
  /** The shipments module's declaration listener: assesses a whole batch, set-based. */
  readonly onDeclared: CustomsAtDeclaration['onDeclared'];

  static loadData(reference: ReferenceData): Promise<CustomsData> {
    return CustomsAssessor.loadData(reference);
  }

  constructor(
    db: Database,
    reference: ReferenceData,
    data: CustomsData,
    payments: PaymentProvider,
    readonly options: CustomsOptions,
    status: ShipmentStatusPort,
    riskRules: readonly RiskRule[] = DEFAULT_RISK_RULES,
    clock: Clock = systemClock,
  ) {
    const assessor = new CustomsAssessor(reference, data, riskRules);
    const transitions = new CustomsTransitions(reference, status, clock);
    this.onDeclared = new CustomsAtDeclaration(reference, assessor, transitions, clock, options.locking === 'sharded').onDeclared;
    this.declarations = new CustomsDeclarations(db);
    this.officers = new CustomsOfficers(db, transitions, clock);
    this.documentRequests = new CustomsDocumentRequests(db, transitions, clock);
    this.dutyPayments = new CustomsDutyPayments(db, reference, payments, transitions, clock);
    this.atHub = new CustomsAtHub(reference, assessor, transitions, clock);
    this.jobs = new CustomsJobs(db, options, transitions, clock);
  }
}
