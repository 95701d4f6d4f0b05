import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DECLARE_ONE, declarationInput, uniqueRef } from '../support/fixtures.js';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const CUSTOMS_FIELDS = `
  trackingNumber direction state lane score version escalated
  riskHits { code weight explanation detail }
  assessment { regime basis ruleVersion due { amountMinor currency } lines { code base rate amount { amountMinor currency } treatment } notes inputs }
  outstanding { amountMinor currency }
  documentRequests { id documents message response respondedAt }
  payments { paymentReference amount { amountMinor currency } provider }
  inspections { outcome findings }
`;
const DECLARATION = `query ($id: ID!) { customsDeclaration(shipmentId: $id) { ${CUSTOMS_FIELDS} shipment { status events { code } } } }`;
const DECIDE = `mutation ($id: ID!, $decision: CustomsDecision!, $reason: String, $v: Int!, $docs: [String!]) {
  decideDeclaration(id: $id, decision: $decision, reason: $reason, expectedVersion: $v, documents: $docs) {
    __typename
    ... on CustomsDeclaration { state version shipment { status } }
    ... on VersionConflict { errorCode message expectedVersion currentVersion currentState }
    ... on IllegalTransition { errorCode message from to }
  }
}`;
const QUEUE = `query ($filter: CustomsQueueFilter, $first: Int, $after: String) {
  customsQueue(filter: $filter, first: $first, after: $after) { edges { cursor node { trackingNumber state lane score escalated riskHits { code explanation } shipment { id } } } pageInfo { hasNextPage endCursor } }
}`;
const AUDIT = `query ($id: ID!) { auditTrail(entityId: $id) { actorKind actorId action reason before after occurredAt } }`;
const TRACK = `query ($t: String!) { track(trackingNumber: $t) { __typename ... on Tracking { status events { code description } } } }`;
const PAY = `mutation ($id: ID!, $ref: String!, $amount: MoneyInput!) {
  recordDutyPayment(shipmentId: $id, paymentReference: $ref, amount: $amount) {
    __typename
    ... on DutyPaymentRecorded { replayed payment { paymentReference provider amount { amountMinor currency } } declaration { state outstanding { amountMinor } } }
    ... on DutyPaymentRejected { errorCode message }
  }
}`;

/** Each parcel to its own addressee unless told otherwise, so split-shipment statistics stay out of the way. */
function parcel(overrides: Record<string, unknown> = {}) {
  const base = declarationInput();
  return declarationInput({ addressee: { ...base.addressee, name: `Buyer ${uniqueRef('B')}` }, ...overrides });
}

async function declare(overrides: Record<string, unknown> = {}) {
  const res = await server.gql(DECLARE_ONE, { input: parcel(overrides) }, KEYS.seller);
  expect(res.errors).toBeUndefined();
  expect(res.data.declareShipment.__typename).toBe('Shipment');
  return res.data.declareShipment as { id: string; trackingNumber: string; status: string };
}

async function customs(id: string, key = KEYS.customs) {
  const res = await server.gql(DECLARATION, { id }, key);
  expect(res.errors).toBeUndefined();
  return res.data.customsDeclaration;
}

const line = declarationInput().lines[0];
const redInput = () => ({ lines: [{ ...line, description: 'Air pistol, 4.5 mm', hsCode: '930400', quantity: 1, value: { amountMinor: 90000, currency: 'MYR' } }] });
const amberInput = () => ({ lines: [{ ...line, value: { amountMinor: 100, currency: 'MYR' } }] });
const importInput = () => ({
  sender: { ...declarationInput().sender, name: 'Shenzhen Bright Gadgets Co', countryCode: 'CN', city: 'Shenzhen', postcode: '518000', phone: '+86 755 1234 5678' },
  addressee: { name: `Siti ${uniqueRef('MY')}`, addressLines: ['12 Jalan Ampang'], city: 'Kuala Lumpur', postcode: '50450', countryCode: 'MY', phone: '+60 3 2161 0000' },
  lines: [{ ...line, quantity: 1, value: { amountMinor: 10000, currency: 'MYR' }, originCountry: 'CN' }],
});

describe('assessment at declaration', () => {
  it('assesses a GREEN export parcel: EAEU duty-free, stays DECLARED publicly, only the pre-advice on the timeline', async () => {
    const s = await declare();
    expect(s.status).toBe('DECLARED');
    const d = await customs(s.id);
    expect(d).toMatchObject({ direction: 'EXPORT', state: 'ASSESSED', lane: 'GREEN', score: 0, version: 1, riskHits: [], outstanding: { amountMinor: 0, currency: 'EUR' } });
    expect(d.assessment).toMatchObject({ regime: 'EAEU', basis: 'DUTY_FREE', ruleVersion: 'EAEU-2026-07', due: { amountMinor: 0, currency: 'EUR' } });
    expect(d.assessment.inputs).toMatchObject({ valueLimitMinor: 20000, weightLimitG: 31000 });
    // Nobody holds the parcel yet: no acceptance (EMA) and no presentation to customs (EXA).
    expect(d.shipment.events.map((e: { code: string }) => e.code)).toEqual(['SGA']);
  });

  it('routes an undervalued parcel to review (AMBER) and an arms parcel to inspection (RED), with explanations', async () => {
    const amber = await declare(amberInput());
    expect(amber.status).toBe('CUSTOMS_REVIEW');
    const a = await customs(amber.id);
    expect(a).toMatchObject({ state: 'UNDER_REVIEW', lane: 'AMBER', version: 2 });
    expect(a.riskHits.map((h: { code: string }) => h.code)).toEqual(expect.arrayContaining(['UNDERVALUED']));
    expect(a.riskHits[0].explanation.length).toBeGreaterThan(40);
    expect(a.shipment.events.map((e: { code: string }) => e.code)).toEqual(['SGA']);

    const red = await declare(redInput());
    expect(red.status).toBe('CUSTOMS_HOLD');
    const r = await customs(red.id);
    expect(r).toMatchObject({ state: 'HELD_FOR_INSPECTION', lane: 'RED' });
    expect(r.riskHits).toEqual([expect.objectContaining({ code: 'WATCHLIST_HS', weight: 80, explanation: expect.stringMatching(/chapter 93/) })]);
  });

  it('flags a denied party with the matched entry shown', async () => {
    const base = declarationInput();
    const s = await declare({ addressee: { ...base.addressee, name: 'Kulakov Boris Genadievich' } });
    const d = await customs(s.id);
    expect(d.lane).toBe('RED');
    expect(d.riskHits[0]).toMatchObject({ code: 'DENIED_PARTY', detail: expect.objectContaining({ entryId: 'DEMO-005' }) });
  });

  it('flags split shipments to one addressee within 24 h', async () => {
    const addressee = { ...declarationInput().addressee, name: `Split ${uniqueRef('S')}` };
    const big = [{ ...line, quantity: 1, value: { amountMinor: 50000, currency: 'MYR' } }];
    const first = await declare({ addressee, lines: big });
    await declare({ addressee, lines: big });
    const third = await declare({ addressee, lines: big });
    expect((await customs(first.id)).riskHits.map((h: { code: string }) => h.code)).not.toContain('SPLIT_SHIPMENT');
    expect((await customs(third.id)).riskHits.map((h: { code: string }) => h.code)).toContain('SPLIT_SHIPMENT');
  });

  it('shows sellers their assessment but not the risk targeting; other sellers see nothing', async () => {
    const s = await declare(amberInput());
    const mine = await customs(s.id, KEYS.seller);
    expect(mine).toMatchObject({ state: 'UNDER_REVIEW', lane: null, score: null, riskHits: [] });
    expect(mine.assessment.regime).toBe('EAEU');
    expect(await customs(s.id, KEYS.otherSeller)).toBeNull();
  });
});

describe('officer workflow', () => {
  it('orders the queue by lane, then score, then age, and pages through it', async () => {
    await declare(redInput());
    await declare(amberInput());
    const seen: { lane: string; score: number }[] = [];
    let after: string | null = null;
    for (;;) {
      const res: any = await server.gql(QUEUE, { first: 2, after }, KEYS.customs);
      expect(res.errors).toBeUndefined();
      seen.push(...res.data.customsQueue.edges.map((e: any) => e.node));
      if (!res.data.customsQueue.pageInfo.hasNextPage) break;
      after = res.data.customsQueue.pageInfo.endCursor;
    }
    expect(seen.length).toBeGreaterThanOrEqual(2);
    const rank = { RED: 0, AMBER: 1, GREEN: 2 } as Record<string, number>;
    for (let i = 1; i < seen.length; i++) {
      const [p, c] = [seen[i - 1], seen[i]];
      expect(rank[p.lane] < rank[c.lane] || (rank[p.lane] === rank[c.lane] && p.score >= c.score)).toBe(true);
    }
    const reds = await server.gql(QUEUE, { filter: { lanes: ['RED'] } }, KEYS.customs);
    expect(reds.data.customsQueue.edges.every((e: any) => e.node.lane === 'RED' && e.node.riskHits.length > 0)).toBe(true);
  });

  it('refuses the queue to sellers and anonymous callers', async () => {
    expect((await server.gql(QUEUE, {}, KEYS.seller)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await server.gql(QUEUE, {})).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await server.gql(QUEUE, { after: 'garbage' }, KEYS.customs)).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('declare → review → release: events, public tracking and the audit trail', async () => {
    const s = await declare(amberInput());
    const d = await customs(s.id);
    const res = await server.gql(DECIDE, { id: s.id, decision: 'RELEASE', v: d.version }, KEYS.customs);
    expect(res.data.decideDeclaration).toMatchObject({ __typename: 'CustomsDeclaration', state: 'RELEASED', version: d.version + 1, shipment: { status: 'CUSTOMS_RELEASED' } });

    const track = await server.gql(TRACK, { t: s.trackingNumber });
    expect(track.data.track.status).toBe('CUSTOMS_RELEASED');
    expect(track.data.track.events.map((e: { code: string }) => e.code)).toEqual(['SGA']);

    const audit = await server.gql(AUDIT, { id: s.id }, KEYS.customs);
    const actions = audit.data.auditTrail.map((a: { action: string }) => a.action);
    // Each customs step, then the public status change it makes (the shipments module records those).
    expect(actions).toEqual(['shipment.declared', 'customs.assessed', 'customs.under_review', 'shipment.status_changed', 'customs.decision.release', 'shipment.status_changed']);
    expect(audit.data.auditTrail[3]).toMatchObject({ before: { status: 'DECLARED' }, after: { status: 'CUSTOMS_REVIEW', transition: 'customs.review' } });
    expect(audit.data.auditTrail[5]).toMatchObject({ before: { status: 'CUSTOMS_REVIEW' }, after: { status: 'CUSTOMS_RELEASED', transition: 'customs.release' } });
    expect(audit.data.auditTrail[4]).toMatchObject({ actorKind: 'api_key', before: { customsState: 'UNDER_REVIEW' }, after: { customsState: 'RELEASED' } });
    expect(audit.data.auditTrail[2].reason).toMatch(/Risk lane AMBER/);
  });

  it('requires a reason except for release, and writes nothing without one', async () => {
    const s = await declare(amberInput());
    const d = await customs(s.id);
    const res = await server.gql(DECIDE, { id: s.id, decision: 'REJECT', v: d.version }, KEYS.customs);
    expect(res.errors?.[0].extensions?.code).toBe('REASON_REQUIRED');
    expect(await customs(s.id)).toMatchObject({ state: 'UNDER_REVIEW', version: d.version });
  });

  it('answers an illegal decision with a typed result naming both states', async () => {
    const s = await declare(amberInput());
    const d = await customs(s.id);
    const res = await server.gql(DECIDE, { id: s.id, decision: 'RETURN_TO_SENDER', reason: 'Back', v: d.version }, KEYS.customs);
    expect(res.data.decideDeclaration).toMatchObject({ __typename: 'IllegalTransition', errorCode: 'ILLEGAL_TRANSITION', from: 'UNDER_REVIEW', to: 'RETURNED_TO_SENDER' });
    expect(res.data.decideDeclaration.message).toMatch(/UNDER_REVIEW to RETURNED_TO_SENDER/);
  });

  it('lets exactly one of two officers deciding at once win; the other gets a conflict and nothing changes', async () => {
    const s = await declare(amberInput());
    const d = await customs(s.id);
    const [a, b] = await Promise.all([
      server.gql(DECIDE, { id: s.id, decision: 'RELEASE', v: d.version }, KEYS.customs),
      server.gql(DECIDE, { id: s.id, decision: 'REJECT', reason: 'Undervalued', v: d.version }, KEYS.customs),
    ]);
    const results = [a.data.decideDeclaration, b.data.decideDeclaration];
    expect(results.map((r) => r.__typename).sort()).toEqual(['CustomsDeclaration', 'VersionConflict']);
    const winner = results.find((r) => r.__typename === 'CustomsDeclaration');
    const loser = results.find((r) => r.__typename === 'VersionConflict');
    expect(loser).toMatchObject({ errorCode: 'CONFLICT', expectedVersion: d.version, currentVersion: d.version + 1, currentState: winner.state });
    const after = await customs(s.id);
    expect(after).toMatchObject({ state: winner.state, version: d.version + 1 });
    const audit = await server.gql(AUDIT, { id: s.id }, KEYS.customs);
    expect(audit.data.auditTrail.filter((r: { action: string }) => r.action.startsWith('customs.decision'))).toHaveLength(1);
    // One status change at declaration (to review), one for the winning decision.
    expect(audit.data.auditTrail.filter((r: { action: string }) => r.action === 'shipment.status_changed')).toHaveLength(2);
  });

  it('records an inspection result: prohibited goods are seized', async () => {
    const s = await declare(redInput());
    const d = await customs(s.id);
    const res = await server.gql(
      `mutation ($id: ID!, $v: Int!) { recordInspectionResult(id: $id, outcome: PROHIBITED_GOODS, findings: "Air pistol without licence", expectedVersion: $v) { __typename ... on CustomsDeclaration { state inspections { outcome findings } shipment { status } } } }`,
      { id: s.id, v: d.version },
      KEYS.customs,
    );
    expect(res.data.recordInspectionResult).toMatchObject({ state: 'SEIZED', inspections: [{ outcome: 'PROHIBITED_GOODS' }], shipment: { status: 'SEIZED' } });
  });

  it('requests documents; the seller answers; the declaration returns to review', async () => {
    const s = await declare(amberInput());
    const d = await customs(s.id);
    const asked = await server.gql(DECIDE, { id: s.id, decision: 'REQUEST_DOCUMENTS', reason: 'Send the invoice showing the price paid.', v: d.version, docs: ['Commercial invoice'] }, KEYS.customs);
    expect(asked.data.decideDeclaration).toMatchObject({ state: 'DOCUMENTS_REQUESTED', shipment: { status: 'DOCUMENTS_REQUESTED' } });
    const seen = await customs(s.id, KEYS.seller);
    expect(seen.documentRequests).toEqual([expect.objectContaining({ documents: ['Commercial invoice'], message: 'Send the invoice showing the price paid.', response: null })]);
    const RESPOND = `mutation ($id: ID!) { respondToDocumentRequest(requestId: $id, response: "Invoice INV-7 attached", documentReferences: ["INV-7"]) { __typename ... on CustomsDeclaration { state } } }`;
    expect((await server.gql(RESPOND, { id: seen.documentRequests[0].id }, KEYS.otherSeller)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const answered = await server.gql(RESPOND, { id: seen.documentRequests[0].id }, KEYS.seller);
    expect(answered.data.respondToDocumentRequest).toEqual({ __typename: 'CustomsDeclaration', state: 'UNDER_REVIEW' });
    const again = await server.gql(RESPOND, { id: seen.documentRequests[0].id }, KEYS.seller);
    expect(again.errors?.[0].extensions?.code).toBe('DOCUMENT_REQUEST_ANSWERED');
    expect((await customs(s.id)).documentRequests[0]).toMatchObject({ response: 'Invoice INV-7 attached' });
  });

  it('keeps the audit log append-only', async () => {
    const s = await declare();
    await expect(server.database.db.query("UPDATE audit_log SET reason = 'x' WHERE entity_id = $1", [s.id])).rejects.toThrow(/append-only/);
    await expect(server.database.db.query('DELETE FROM audit_log WHERE entity_id = $1', [s.id])).rejects.toThrow(/append-only/);
  });

  it('treats an unknown or malformed id as not found', async () => {
    const res = await server.gql(DECIDE, { id: 'not-a-uuid', decision: 'RELEASE', v: 1 }, KEYS.customs);
    expect(res.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(res.status).toBeLessThan(500);
  });
});

describe('jobs', () => {
  it('green channel releases GREEN declarations as system:green-channel with events and audit', async () => {
    const s = await declare();
    const result = await server.silkgate.services.customs.jobs.releaseGreen();
    expect(result.released).toBeGreaterThanOrEqual(1);
    const d = await customs(s.id);
    expect(d).toMatchObject({ state: 'RELEASED', version: 2, shipment: { status: 'CUSTOMS_RELEASED' } });
    expect(d.shipment.events.map((e: { code: string }) => e.code)).toEqual(['SGA']);
    const audit = await server.gql(AUDIT, { id: s.id }, KEYS.customs);
    expect(audit.data.auditTrail.at(-2)).toMatchObject({ actorKind: 'system', actorId: 'system:green-channel', action: 'customs.released' });
    expect(audit.data.auditTrail.at(-1)).toMatchObject({ actorKind: 'system', actorId: 'system:green-channel', action: 'shipment.status_changed' });
    const [{ status }] = await server.database.db.query<{ status: string }>('SELECT customs_status AS status FROM shipments WHERE id = $1', [s.id]);
    expect(status).toBe('RELEASED');
    expect((await server.silkgate.services.customs.jobs.releaseGreen()).released).toBe(0);
  });

  it('two green-channel runs at once release each declaration once', async () => {
    const parcels = [await declare(), await declare(), await declare()];
    const runs = await Promise.all([server.silkgate.services.customs.jobs.releaseGreen(), server.silkgate.services.customs.jobs.releaseGreen()]);
    expect(runs[0].released + runs[1].released).toBeGreaterThanOrEqual(parcels.length);
    for (const s of parcels) {
      expect(await customs(s.id)).toMatchObject({ state: 'RELEASED', version: 2 });
      const audit = await server.gql(AUDIT, { id: s.id }, KEYS.customs);
      expect(audit.data.auditTrail.filter((r: { action: string }) => r.action === 'customs.released')).toHaveLength(1);
    }
  });

  it('escalation flags declarations under review too long', async () => {
    const s = await declare(amberInput());
    expect((await server.silkgate.services.customs.jobs.escalate(0)).escalated).toBeGreaterThanOrEqual(1);
    const flagged = await server.gql(QUEUE, { filter: { escalatedOnly: true }, first: 500 }, KEYS.customs);
    expect(flagged.data.customsQueue.edges.map((e: any) => e.node.shipment.id)).toContain(s.id);
    expect(flagged.data.customsQueue.edges.every((e: any) => e.node.escalated)).toBe(true);
    expect((await server.silkgate.services.customs.jobs.escalate(0)).escalated).toBe(0);
  });

  it('re-runs the rules when the hub weighs the parcel differently, recalling a release', async () => {
    const s = await declare();
    await server.silkgate.services.customs.jobs.releaseGreen();
    const system = { kind: 'system' as const, name: 'system:hub-scale' as const };
    await server.database.db.transaction((tx) => server.silkgate.services.customs.atHub.recheckWeight(tx, system, s.id, 2000));
    const d = await customs(s.id);
    expect(d).toMatchObject({ state: 'UNDER_REVIEW', shipment: { status: 'CUSTOMS_REVIEW' } });
    expect(d.riskHits.map((h: { code: string }) => h.code)).toContain('WEIGHT_MISMATCH');
  });
});

describe('import: duty due and payment', () => {
  it('LVG due on an import: green channel → DUTY_DUE; wrong amount refused; payment releases; retry replays', async () => {
    const s = await declare(importInput());
    const before = await customs(s.id);
    expect(before).toMatchObject({ direction: 'IMPORT', state: 'ASSESSED', outstanding: { amountMinor: 1000, currency: 'MYR' } });
    expect(before.assessment).toMatchObject({ regime: 'MY', basis: 'LVG', due: { amountMinor: 1000 } });
    await server.silkgate.services.customs.jobs.releaseGreen();
    const due = await customs(s.id, KEYS.seller);
    expect(due).toMatchObject({ state: 'DUTY_DUE', shipment: { status: 'DUTY_DUE' } });

    const wrong = await server.gql(PAY, { id: s.id, ref: `PAY-${s.id}`, amount: { amountMinor: 999, currency: 'MYR' } }, KEYS.seller);
    expect(wrong.data.recordDutyPayment).toMatchObject({ __typename: 'DutyPaymentRejected', errorCode: 'AMOUNT_MISMATCH' });
    const declined = await server.gql(PAY, { id: s.id, ref: `DECLINE-${s.id}`, amount: { amountMinor: 1000, currency: 'MYR' } }, KEYS.seller);
    expect(declined.data.recordDutyPayment).toMatchObject({ errorCode: 'PAYMENT_DECLINED' });

    const paid = await server.gql(PAY, { id: s.id, ref: `PAY-${s.id}`, amount: { amountMinor: 1000, currency: 'MYR' } }, KEYS.seller);
    expect(paid.data.recordDutyPayment).toMatchObject({
      __typename: 'DutyPaymentRecorded', replayed: false, payment: { provider: 'test-wallet', amount: { amountMinor: 1000, currency: 'MYR' } },
      declaration: { state: 'RELEASED', outstanding: { amountMinor: 0 } },
    });
    const again = await server.gql(PAY, { id: s.id, ref: `PAY-${s.id}`, amount: { amountMinor: 1000, currency: 'MYR' } }, KEYS.seller);
    expect(again.data.recordDutyPayment).toMatchObject({ __typename: 'DutyPaymentRecorded', replayed: true, declaration: { state: 'RELEASED' } });
    const after = await customs(s.id);
    expect(after.payments).toHaveLength(1);
    expect(after.shipment.events.map((e: { code: string }) => e.code)).toEqual(['SGA']);
  });

  it('refuses a payment where nothing is due', async () => {
    const s = await declare();
    const res = await server.gql(PAY, { id: s.id, ref: `PAY-${s.id}`, amount: { amountMinor: 100, currency: 'EUR' } }, KEYS.seller);
    expect(res.data.recordDutyPayment).toMatchObject({ errorCode: 'NOTHING_DUE' });
  });

  it('an officer release of an import with duty outstanding goes to DUTY_DUE', async () => {
    const s = await declare({ ...importInput(), lines: [{ ...importInput().lines[0], value: { amountMinor: 100, currency: 'MYR' } }] });
    const d = await customs(s.id);
    expect(d.state).toBe('UNDER_REVIEW');
    const res = await server.gql(DECIDE, { id: s.id, decision: 'RELEASE', v: d.version }, KEYS.customs);
    expect(res.data.decideDeclaration).toMatchObject({ state: 'DUTY_DUE' });
  });
});
