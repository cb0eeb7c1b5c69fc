// The one migration runner for PostgreSQL: numbered migrations (./migrations) applied in
// order, each exactly once, recorded in schema_migrations. Several nodes may start at the
// same moment: the whole run is one transaction under an advisory lock, so one node
// migrates and the others then find nothing left to do. A database already migrated
// further than this code knows (a newer Parley wrote it) is refused: its tables may mean
// what this code doesn't know.
import pg from 'pg'
import { PG_MIGRATIONS } from './migrations'

/** pg_advisory_xact_lock's key: any constant of our own ("parley" in ASCII). */
const MIGRATION_LOCK = 0x7061726c6579

export interface MigrationReport {
  /** Schema version before and after. */
  from: number
  to: number
}

export async function migratePostgres(client: pg.ClientBase, migrations: readonly string[] = PG_MIGRATIONS): Promise<MigrationReport> {
  await client.query('BEGIN')
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    integer PRIMARY KEY,
      applied_at text    NOT NULL
    )`)
    const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations')
    const current = rows[0]?.version ?? 0
    if (!Number.isInteger(current) || current < 0) throw new Error(`schema_migrations holds an invalid version (${String(current)})`)
    if (current > migrations.length) {
      throw new Error(`PostgreSQL schema version ${current} is newer than this Parley (${migrations.length}): update Parley to open it`)
    }
    for (let version = current; version < migrations.length; version += 1) {
      await client.query(migrations[version] as string)
      await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [version + 1, new Date().toISOString()])
    }
    await client.query('COMMIT')
    return { from: current, to: migrations.length }
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw error
  }
}
