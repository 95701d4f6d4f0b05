import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DECLARE_ONE, declarationInput, uniqueRef } from '../support/fixtures.js';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';

// The real scheduler (Agenda on this test's database, PGlite or PostgreSQL) runs the green channel.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    scheduler: true,
    schedulerProcessEvery: '1 second',
    schedulerLockLifetimeMs: 2000,
    greenChannelEvery: '1 second',
    escalationEvery: '1 second',
  });
});
afterAll(async () => {
  await server?.stop();
});

const STATE = `query ($id: ID!) { customsDeclaration(shipmentId: $id) { state } }`;

describe('scheduler', () => {
  it('registers the modules’ jobs and runs them directly on request', async () => {
    expect(server.silkgate.scheduler?.jobNames).toEqual(['customs.green-channel', 'customs.escalation', 'hub.dwell-check', 'webhooks.deliver', 'edi.publish', 'history.partitions']);
    await expect(server.silkgate.scheduler!.runNow('history.partitions')).resolves.toMatchObject({ created: expect.any(Number), archived: [] });
    await expect(server.silkgate.scheduler!.runNow('customs.escalation')).resolves.toMatchObject({ escalated: expect.any(Number) });
    await expect(server.silkgate.scheduler!.runNow('nope')).rejects.toThrow(/No job named nope/);
  });

  it('releases a GREEN declaration through Agenda, as system:green-channel', async () => {
    const base = declarationInput();
    const res = await server.gql(DECLARE_ONE, { input: declarationInput({ addressee: { ...base.addressee, name: `Buyer ${uniqueRef()}` } }) }, KEYS.seller);
    const id = res.data.declareShipment.id as string;
    // A run that started before the declaration may miss it: the next one cannot.
    let state = (await server.gql(STATE, { id }, KEYS.customs)).data.customsDeclaration.state;
    for (let runs = 0; runs < 2 && state !== 'RELEASED'; runs++) {
      await server.silkgate.scheduler!.nextRun('customs.green-channel');
      state = (await server.gql(STATE, { id }, KEYS.customs)).data.customsDeclaration.state;
    }
    expect(state).toBe('RELEASED');
    const audit = await server.gql(`query ($id: ID!) { auditTrail(entityId: $id) { actorId action } }`, { id }, KEYS.customs);
    // The release, then the public status change it makes.
    expect(audit.data.auditTrail.slice(-2)).toEqual([
      { actorId: 'system:green-channel', action: 'customs.released' },
      { actorId: 'system:green-channel', action: 'shipment.status_changed' },
    ]);
    const [{ count }] = await server.database.db.query<{ count: number }>(
      "SELECT count(*)::int AS count FROM agenda_jobs WHERE name IN ('customs.green-channel', 'customs.escalation')",
    );
    expect(count).toBe(2);
  });
});
