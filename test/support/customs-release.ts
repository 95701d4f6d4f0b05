/**
 * STAND-IN until the customs API (issue 3) lands: releases parcels by setting
 * shipments.customs_status = 'RELEASED' directly with SQL, which is the whole contract the hub relies
 * on. After merging customs, replace this body with the GraphQL calls an officer makes; every hub
 * test releases parcels through this one function.
 */
import type { TestServer } from './test-server.js';

export async function releaseParcels(server: TestServer, trackingNumbers: readonly string[]): Promise<void> {
  await server.database.db.query(`UPDATE shipments SET customs_status = 'RELEASED' WHERE tracking_number = ANY($1::text[])`, [trackingNumbers]);
}
