// `parley migrate` as an operator runs it: SQLite in a data folder by default, PostgreSQL
// with --database; it says what it did, and a bad URL exits non-zero with a message.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { MIGRATIONS } from '../../../src-main/server/db/migrations'
import { PG_MIGRATIONS } from '../../../src-main/server/storage/postgres/migrations'
import { usePostgres } from '../../support/postgres'

const server = usePostgres()
const dataDir = mkdtempSync(join(tmpdir(), 'parley-migrate-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

function run(args: string[]) {
  return spawnSync('node_modules/.bin/tsx', ['src-main/server/cli.ts', 'migrate', ...args], { encoding: 'utf8', timeout: 60_000 })
}

it('migrates the data folder\'s SQLite, then finds nothing to do', () => {
  const first = run(['--data', dataDir])
  expect(first.status, first.stderr).toBe(0)
  expect(first.stdout).toContain(`schema migrated from version 0 to ${MIGRATIONS.length}`)
  const again = run(['--data', dataDir])
  expect(again.stdout).toContain(`schema already at version ${MIGRATIONS.length}, nothing to do`)
}, 60_000)

it('migrates a PostgreSQL database with --database; refuses what is not a postgres URL', async () => {
  const url = await server().freshDatabase()
  const first = run(['--database', url])
  expect(first.status, first.stderr).toBe(0)
  expect(first.stdout).toBe(`PostgreSQL: schema migrated from version 0 to ${PG_MIGRATIONS.length} (${PG_MIGRATIONS.length} migrations applied)\n`)
  expect(run(['--database', url]).stdout).toContain(`schema already at version ${PG_MIGRATIONS.length}`)
  const bad = run(['--database', 'mysql://nope'])
  expect(bad.status).toBe(1)
  expect(bad.stderr).toContain('Error: --database must be a postgres:// or postgresql:// URL')
}, 60_000)
