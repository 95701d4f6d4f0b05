/**
 * The partitioned histories (migration 0035, src/modules/history/): monthly partitions made ahead by the
 * job, expired ones detached, exported and dropped, the audit log append-only on every partition.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_RETENTION_MONTHS, HistoryPartitions } from '../../src/modules/history/history.service.js';
import { partitionsOf } from '../../src/modules/history/history.repository.js';
import { DECLARE_ONE, declarationInput } from '../support/fixtures.js';
import { KEYS, startTestServer, type TestServer } from '../support/test-server.js';

const TRACK = `query ($n: String!) { track(trackingNumber: $n) { __typename ... on Tracking { events { code } } } }`;
const REPORT = `mutation ($events: [CarrierEventInput!]!) { reportCarrierEvents(events: $events) { results { ... on CarrierEventAccepted { duplicate } } } }`;

let server: TestServer;
let archiveDir: string;

const historyAt = (now: string) =>
  new HistoryPartitions(server.database.db, { monthsAhead: 3, retentionMonths: DEFAULT_RETENTION_MONTHS, archiveDir, every: '6 hours', now: () => new Date(now) });

beforeAll(async () => {
  server = await startTestServer();
  archiveDir = await mkdtemp(path.join(os.tmpdir(), 'silkgate-archive-'));
});

afterAll(async () => {
  await server?.stop();
  await rm(archiveDir, { recursive: true, force: true });
});

describe('partitioned histories', () => {
  it('the job runs in the month of the migration, which the legacy partition covers', async () => {
    await expect(new HistoryPartitions(server.database.db, { monthsAhead: 3, retentionMonths: DEFAULT_RETENTION_MONTHS, archiveDir, every: '6 hours' }).maintain()).resolves.toMatchObject({ archived: [] });
  });

  it('the job makes the partitions months ahead, once', async () => {
    const history = historyAt('2027-06-15T12:00:00Z');
    expect(await history.createAhead()).toBeGreaterThan(0);
    expect(await history.createAhead()).toBe(0);
    for (const table of ['tracking_events', 'audit_log', 'outbox_messages', 'webhook_delivery_attempts', 'carrier_events', 'customs_addressee_declarations']) {
      const names = (await partitionsOf(server.database.db, table)).map((p) => p.name);
      expect(names).toEqual(expect.arrayContaining([`${table}_y2027m06`, `${table}_y2027m09`, `${table}_default`]));
      expect(names).not.toContain(`${table}_y2027m10`);
    }
  });

  it('keeps the audit log append-only on a monthly partition and on the default one', async () => {
    const db = server.database.db;
    for (const when of ['2027-07-03T00:00:00Z', '2091-01-01T00:00:00Z']) {
      const entity = `partition-check-${when}`;
      await db.query(
        `INSERT INTO audit_log (occurred_at, actor_kind, actor_id, action, entity_type, entity_id) VALUES ($1, 'system', 'spec', 'checked', 'spec', $2)`,
        [when, entity],
      );
      await expect(db.query("UPDATE audit_log SET reason = 'x' WHERE entity_id = $1", [entity])).rejects.toThrow(/append-only/);
      await expect(db.query('DELETE FROM audit_log WHERE entity_id = $1', [entity])).rejects.toThrow(/append-only/);
    }
  });

  it("drops customs' addressee window past 12 months by whole partitions, and keeps what a declaration still reads", async () => {
    // Only a Citus cluster writes this table (migration 0073), so the spec writes its rows itself.
    const db = server.database.db;
    const now = new Date();
    const monthsOn = (months: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + months, now.getUTCDate(), 12));
    const key = `RU|retention-spec-${now.getTime()}`;
    const insert = (declaredAt: Date, shipmentId: string) =>
      db.query(
        `INSERT INTO customs_addressee_declarations (addressee_key, declared_at, shipment_id, value_sdr_minor, cbec_value_minor) VALUES ($1, $2, $3, 1000, 0)`,
        [key, declaredAt, shipmentId],
      );
    await insert(now, '00000000-0000-4000-8000-000000000001');
    await insert(monthsOn(13), '00000000-0000-4000-8000-000000000002');

    // Fourteen months on, this month's partition (the legacy one, up to next month) is past 12 months.
    const archived = (await historyAt(monthsOn(14).toISOString()).archiveExpired()).filter((a) => a.table === 'customs_addressee_declarations');
    expect(archived.map((a) => a.partition)).toContain('customs_addressee_declarations_legacy');
    const legacy = archived.find((a) => a.partition === 'customs_addressee_declarations_legacy')!;
    const exported = (await readFile(legacy.file, 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    expect(exported.filter((row) => row.addressee_key === key)).toEqual([expect.objectContaining({ shipment_id: '00000000-0000-4000-8000-000000000001' })]);

    const left = await db.query<{ shipmentId: string }>('SELECT shipment_id AS "shipmentId" FROM customs_addressee_declarations WHERE addressee_key = $1', [key]);
    expect(left).toEqual([{ shipmentId: '00000000-0000-4000-8000-000000000002' }]);
  });

  it('detaches, exports and drops the partitions past their retention, and keeps the audit log', async () => {
    const declared = await server.gql(DECLARE_ONE, { input: declarationInput() }, KEYS.seller);
    const { id, trackingNumber } = declared.data.declareShipment;
    expect((await server.gql(TRACK, { n: trackingNumber })).data.track.events).toContainEqual({ code: 'SGA' });
    const carrierEvent = { eventId: `retention-${trackingNumber}`, trackingNumber, code: 'EMD', occurredAt: new Date().toISOString(), countryCode: 'RU' };
    const reported = await server.gql(REPORT, { events: [carrierEvent] }, KEYS.carrierRu);
    expect(reported.data.reportCarrierEvents.results).toEqual([{ duplicate: false }]);

    // 24 months of tracking events kept: in 2030 everything written up to 2027 has expired.
    const archived = await historyAt('2030-01-10T00:00:00Z').archiveExpired();
    const tracking = archived.filter((a) => a.table === 'tracking_events');
    expect(tracking.map((a) => a.partition)).toEqual(expect.arrayContaining(['tracking_events_legacy', 'tracking_events_y2027m06']));
    expect(archived.some((a) => a.table === 'audit_log')).toBe(false);

    const legacy = tracking.find((a) => a.partition === 'tracking_events_legacy')!;
    const exported = (await readFile(legacy.file, 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    expect(legacy.rows).toBe(exported.length);
    expect(exported).toEqual(expect.arrayContaining([expect.objectContaining({ shipment_id: id, code: 'SGA', source: expect.any(String) })]));

    expect((await server.gql(TRACK, { n: trackingNumber })).data.track.events).toEqual([]);
    const names = (await partitionsOf(server.database.db, 'tracking_events')).map((p) => p.name);
    expect(names).not.toContain('tracking_events_legacy');
    expect(names).toContain('tracking_events_default');
    const audit = await server.database.db.query('SELECT 1 FROM audit_log WHERE entity_id = $1', [id]);
    expect(audit.length).toBeGreaterThan(0);

    // The carrier's event went with its partition; its id is still known, so a repeat is not stored again.
    expect(archived.map((a) => a.partition)).toContain('carrier_events_legacy');
    const repeated = await server.gql(REPORT, { events: [carrierEvent] }, KEYS.carrierRu);
    expect(repeated.data.reportCarrierEvents.results).toEqual([{ duplicate: true }]);
    expect(await server.database.db.query('SELECT 1 FROM carrier_events WHERE event_id = $1', [carrierEvent.eventId])).toEqual([]);
  });
});
