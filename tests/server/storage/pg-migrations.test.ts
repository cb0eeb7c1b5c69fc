// The PostgreSQL migration runner: each migration once, several nodes starting at once,
// and a database newer than the code refused with a clear error.
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { openPostgresStorage, runPostgresMigrations } from '../../../src-main/server/storage/postgres'
import { migratePostgres } from '../../../src-main/server/storage/postgres/migrate'
import { PG_MIGRATIONS } from '../../../src-main/server/storage/postgres/migrations'
import { usePostgres } from '../../support/postgres'

const server = usePostgres()

async function sql<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<T>(text)).rows
  } finally {
    await client.end()
  }
}

describe('PostgreSQL migrations', () => {
  it('apply each migration once, and report what they did', async () => {
    const url = await server().freshDatabase()
    expect(await runPostgresMigrations(url)).toEqual({ from: 0, to: PG_MIGRATIONS.length })
    expect(await runPostgresMigrations(url)).toEqual({ from: PG_MIGRATIONS.length, to: PG_MIGRATIONS.length })
    const rows = await sql<{ version: number }>(url, 'SELECT version FROM schema_migrations ORDER BY version')
    expect(rows.map((r) => r.version)).toEqual(PG_MIGRATIONS.map((_, i) => i + 1))
  })

  it('several nodes starting at once migrate once between them', async () => {
    const url = await server().freshDatabase()
    const reports = await Promise.all([1, 2, 3, 4].map(() => runPostgresMigrations(url)))
    expect(reports.filter((r) => r.from === 0)).toHaveLength(1)
    expect(reports.filter((r) => r.from === PG_MIGRATIONS.length)).toHaveLength(3)
    const nodes = await Promise.all([1, 2].map(() => openPostgresStorage(url, { max: 2 })))
    await Promise.all(nodes.map((n) => n.close()))
  })

  it('refuse a database written by a newer Parley, and leave it as it was', async () => {
    const url = await server().freshDatabase()
    await runPostgresMigrations(url)
    await sql(url, `INSERT INTO schema_migrations (version, applied_at) VALUES (${PG_MIGRATIONS.length + 1}, 'later')`)
    await expect(openPostgresStorage(url)).rejects.toThrow(
      `PostgreSQL schema version ${PG_MIGRATIONS.length + 1} is newer than this Parley (${PG_MIGRATIONS.length}): update Parley to open it`)
    expect(await sql(url, 'SELECT count(*)::int AS n FROM schema_migrations')).toEqual([{ n: PG_MIGRATIONS.length + 1 }])
  })

  it('roll a failing migration back whole', async () => {
    const url = await server().freshDatabase()
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      await expect(migratePostgres(client, ['CREATE TABLE a (id int)', 'CREATE TABLE b (id int); SELECT 1/0'])).rejects.toThrow('division by zero')
      expect((await client.query("SELECT to_regclass('a') AS a, to_regclass('schema_migrations') AS m")).rows).toEqual([{ a: null, m: null }])
    } finally {
      await client.end()
    }
  })
})
