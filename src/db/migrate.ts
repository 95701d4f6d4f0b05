import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { projectPath } from '../platform/paths.js';
import path from 'node:path';
import type { Database } from './database.js';

const MIGRATIONS_DIR = projectPath('src', 'db', 'migrations');
// Arbitrary constant: serialises migrators from several processes on one server.
const MIGRATION_LOCK = 7_420_131;

export interface Migration {
  version: string;
  name: string;
  sql: string;
  checksum: string;
}

export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f)).sort();
  return Promise.all(
    files.map(async (file) => {
      const sql = await readFile(path.join(dir, file), 'utf8');
      return {
        version: file.slice(0, 4),
        name: file.replace(/\.sql$/, ''),
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    }),
  );
}

const LEDGER_DDL = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version text PRIMARY KEY,
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

/** Applies pending migrations in order, each in its own transaction. Returns the names applied. */
export async function migrate(db: Database): Promise<string[]> {
  const migrations = await loadMigrations();
  await db.exec(LEDGER_DDL);
  const applied: string[] = [];
  for (const migration of migrations) {
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const rows = await tx.query<{ checksum: string }>('SELECT checksum FROM schema_migrations WHERE version = $1', [
        migration.version,
      ]);
      if (rows.length > 0) {
        if (rows[0].checksum !== migration.checksum) {
          throw new Error(`migration ${migration.name} was changed after it was applied`);
        }
        return false;
      }
      for (const statement of splitStatements(migration.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        migration.checksum,
      ]);
      return true;
    });
    if (done) applied.push(migration.name);
  }
  return applied;
}

/** True when every migration on disk is applied: what /readyz reports. */
export async function migrationsCurrent(db: Database): Promise<boolean> {
  const migrations = await loadMigrations();
  const rows = await db.query<{ version: string }>('SELECT version FROM schema_migrations');
  const applied = new Set(rows.map((r) => r.version));
  return migrations.every((m) => applied.has(m.version));
}

/**
 * Splits a migration into statements so each runs through the transaction handle.
 * Statements end with ';' at the end of a line; function bodies use $$ quoting and are kept whole.
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current: string[] = [];
  let inDollar = false;
  for (const line of sql.split('\n')) {
    if (/^\s*--/.test(line) && current.length === 0) continue;
    current.push(line);
    const dollars = line.match(/\$\$/g)?.length ?? 0;
    if (dollars % 2 === 1) inDollar = !inDollar;
    if (!inDollar && /;\s*$/.test(line)) {
      const statement = current.join('\n').trim();
      if (statement.replace(/;$/, '').trim()) statements.push(statement);
      current = [];
    }
  }
  const tail = current.join('\n').trim();
  if (tail) statements.push(tail);
  return statements;
}
