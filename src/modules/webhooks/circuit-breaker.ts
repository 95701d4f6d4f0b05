/**
 * Per-endpoint circuit breaker as a pure transition. CLOSED delivers normally; after `threshold`
 * consecutive failed attempts it opens: nothing is sent (and no attempts are spent) until the
 * cool-down ends; then one probe goes out (HALF_OPEN). A successful probe closes the circuit, a
 * failed one opens it again for another cool-down.
 */
export type CircuitState = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

export interface Circuit {
  state: CircuitState;
  consecutiveFailures: number;
  openedAt: Date | null;
  retryAt: Date | null;
}

export interface BreakerSettings {
  threshold: number;
  cooldownMs: number;
}

/**
 * Applies the outcome of one batch of attempts to an endpoint. Attempts in a batch run in
 * parallel, so "consecutive" is per batch: any success resets the count, a batch of failures adds
 * all of them.
 */
export function applyOutcome(circuit: Circuit, outcome: { successes: number; failures: number }, now: Date, settings: BreakerSettings): Circuit {
  if (outcome.successes > 0) {
    return { state: 'CLOSED', consecutiveFailures: 0, openedAt: null, retryAt: null };
  }
  if (outcome.failures === 0) return circuit;
  const failures = circuit.consecutiveFailures + outcome.failures;
  if (circuit.state === 'HALF_OPEN' || failures >= settings.threshold) {
    return { state: 'OPEN', consecutiveFailures: failures, openedAt: now, retryAt: new Date(now.getTime() + settings.cooldownMs) };
  }
  return { ...circuit, consecutiveFailures: failures };
}

/** Whether deliveries may go to the endpoint now, and whether only a single probe may. */
export function admission(circuit: Circuit, now: Date): 'deliver' | 'probe' | 'wait' {
  if (circuit.state === 'CLOSED') return 'deliver';
  return circuit.retryAt && circuit.retryAt.getTime() <= now.getTime() ? 'probe' : 'wait';
}
