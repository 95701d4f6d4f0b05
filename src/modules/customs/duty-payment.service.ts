import type { Clock } from '../../platform/clock.js';
import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/database.js';
import { badInput, notFound } from '../../platform/errors.js';
import { fail, isFailure } from '../../platform/failure.js';
import { isUuid } from '../../platform/ids.js';
import { formatMoney } from '../../standards/money.js';
import { appendAudit } from '../audit/audit.repository.js';
import { actorId, type Principal } from '../auth/principal.js';
import type { ReferenceData } from '../reference/reference.service.js';
import { customsScope } from './customs-scope.js';
import * as repo from './customs.repository.js';
import { customsMachine } from './customs.state-machine.js';
import type { CustomsErrorCode } from './customs.errors.js';
import type { DutyPaymentRejected, PaymentOutcome } from './customs.types.js';
import type { PaymentProvider } from './payments.js';
import { conflict, inDecisionTransaction, type CustomsTransitions } from './transitions.js';

/** Duty and tax paid by the seller through the payment provider: idempotent per payment reference. */
export class CustomsDutyPayments {
  constructor(
    private readonly db: Database,
    private readonly reference: ReferenceData,
    private readonly payments: PaymentProvider,
    private readonly transitions: CustomsTransitions,
    private readonly clock: Clock,
  ) {}

  async recordDutyPayment(principal: Principal, shipmentId: string, paymentReference: string, amount: { amountMinor: number; currency: string }, requestId?: string): Promise<PaymentOutcome> {
    const reference = paymentReference.trim();
    if (!reference || reference.length > 100) throw badInput('A payment reference has 1 to 100 characters.');
    if (!Number.isInteger(amount.amountMinor) || amount.amountMinor <= 0) throw badInput('A payment is a positive whole number of minor units.');
    const scope = customsScope(principal);
    if (!isUuid(shipmentId)) throw notFound('Customs declaration');
    const [row] = await repo.findDeclarations(this.db, scope, [shipmentId]);
    if (!row) throw notFound('Customs declaration');

    const replay = async (existing: repo.PaymentRow): Promise<PaymentOutcome> => {
      if (existing.shipmentId !== shipmentId) return rejected('PAYMENT_REFERENCE_USED', `Payment reference ${reference} was used for another parcel.`);
      const [current] = await repo.findDeclarations(this.db, scope, [shipmentId]);
      return recorded(existing, current, true);
    };
    const existing = await repo.paymentByReference(this.db, reference);
    if (existing) return replay(existing);

    const outstanding = row.dueMinor - row.paidMinor;
    if (outstanding <= 0) return rejected('NOTHING_DUE', `Nothing is due on ${row.trackingNumber}.`);
    if (amount.currency.toUpperCase() !== row.dueCurrency || amount.amountMinor !== outstanding) {
      const minor = this.reference.currencies.get(row.dueCurrency)?.minorUnits ?? 2;
      return rejected('AMOUNT_MISMATCH', `The amount due is ${formatMoney({ amountMinor: outstanding, currency: row.dueCurrency }, minor)}; pay exactly that.`);
    }
    if (customsMachine.isFinal(row.state) || row.state === 'REJECTED') {
      return rejected('NOTHING_DUE', `The declaration is ${row.state}: no duty is collected.`);
    }
    const charge = await this.payments.charge({ reference, amountMinor: outstanding, currency: row.dueCurrency, payer: row.sellerOrgId });
    if (charge.status === 'DECLINED') return rejected('PAYMENT_DECLINED', charge.reason);

    const outcome = await inDecisionTransaction(this.db, async (tx) => {
      const [current] = await repo.findDeclarations(tx, scope, [shipmentId], true);
      const payment = await repo.insertPayment(tx, {
        id: randomUUID(), shipmentId, paymentReference: reference, provider: this.payments.name, providerTransactionId: charge.transactionId,
        amountMinor: outstanding, currency: row.dueCurrency, recordedBy: actorId(principal), recordedAt: this.clock.now(),
      });
      if (!payment) return { replayedReference: true as const };
      if (current.paidMinor !== row.paidMinor) {
        return conflict(current, current.version);
      }
      if (current.state === 'DUTY_DUE') {
        const result = await this.transitions.one(tx, current, 'RELEASED', current.version, principal, {
          reason: `Duty and tax paid: ${reference}.`, requestId, action: 'customs.duty_paid', paidMinorDelta: outstanding, auditExtra: { paymentReference: reference },
        });
        if (isFailure(result)) return result;
        return recorded(payment, result, false);
      }
      await repo.addPrepayment(tx, shipmentId, outstanding, this.clock.now());
      await appendAudit(tx, [{
        actor: principal, action: 'customs.duty_prepaid', entityType: 'shipment', entityId: shipmentId,
        before: { paidMinor: current.paidMinor, version: current.version }, after: { paidMinor: current.paidMinor + outstanding, version: current.version + 1 },
        reason: `Paid before release: ${reference}.`, requestId,
      }]);
      const [after] = await repo.findDeclarations(tx, {}, [shipmentId]);
      return recorded(payment, after, false);
    });
    if (isFailure(outcome)) return rejected('CONFLICT', 'The declaration changed while the payment was recorded; retry with the same reference.');
    if ('replayedReference' in outcome) return replay((await repo.paymentByReference(this.db, reference))!);
    return outcome;
  }
}

const rejected = (errorCode: CustomsErrorCode, message: string): DutyPaymentRejected => fail('DutyPaymentRejected', errorCode, message, {});
const recorded = (payment: repo.PaymentRow, declaration: repo.DeclarationRow, replayed: boolean): PaymentOutcome => ({ __typename: 'DutyPaymentRecorded', payment, declaration, replayed });
