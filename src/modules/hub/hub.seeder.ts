import type { Queryable } from '../../db/database.js';
import type { ReferenceData } from '../reference/reference.service.js';
import { readSeed } from '../reference/reference.seeder.js';

interface LocationSeed {
  hubs: { hubCode: string; zones: { zone: string; kind: string; aisles: string[]; binsPerAisle: number }[] }[];
}

/**
 * Loads hub zones, aisles and bins from seed/hub-locations.json. Idempotent and additive: existing
 * locations are left as they are, so a hub's own edits survive a restart.
 */
export async function seedHubLocations(db: Queryable, reference: ReferenceData): Promise<void> {
  const seed = await readSeed<LocationSeed>('hub-locations.json');
  const rows: [string, string, string, string, string, string][] = [];
  for (const hub of seed.hubs) {
    const hubId = reference.hubByCode(hub.hubCode)?.id;
    if (!hubId) continue;
    for (const zone of hub.zones) {
      for (const aisle of zone.aisles) {
        for (let b = 1; b <= zone.binsPerAisle; b += 1) {
          const bin = String(b).padStart(2, '0');
          rows.push([hubId, `${zone.zone}-${aisle}-${bin}`, zone.zone, aisle, bin, zone.kind]);
        }
      }
    }
  }
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO hub_locations (hub_id, code, zone, aisle, bin, kind)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
     ON CONFLICT (hub_id, code) DO NOTHING`,
    [0, 1, 2, 3, 4, 5].map((i) => rows.map((r) => r[i])),
  );
}
