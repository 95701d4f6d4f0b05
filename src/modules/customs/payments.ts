import { createHash } from 'node:crypto';

export interface ChargeRequest {
  reference: string;
  amountMinor: number;
  currency: string;
  /** The paying organisation (seller) or buyer wallet id. */
  payer: string;
}

export type ChargeResult = { status: 'CONFIRMED'; transactionId: string } | { status: 'DECLINED'; reason: string };

/**
 * Where duty and tax are paid. The seeds' world pays from Alipay-style wallets; a real provider
 * implements this interface and is passed to CustomsService instead of the test wallet.
 */
export interface PaymentProvider {
  readonly name: string;
  /** Confirms (or declines) a payment; must be idempotent by reference. */
  charge(request: ChargeRequest): Promise<ChargeResult>;
}

/** Test wallet: confirms every payment except references starting with DECLINE-; transaction ids derive from the reference. */
export class TestWalletProvider implements PaymentProvider {
  readonly name = 'test-wallet';

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    if (request.reference.toUpperCase().startsWith('DECLINE-')) return { status: 'DECLINED', reason: 'The wallet declined the payment (test provider: reference starts with DECLINE-).' };
    return { status: 'CONFIRMED', transactionId: `TW-${createHash('sha256').update(request.reference).digest('hex').slice(0, 20)}` };
  }
}
