// Both databases (the server's parley.db and the desktop client's client.db) go through the
// one migration runner: each migration once, and a database from a newer Parley refused
// rather than opened with tables this code does not understand.
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openLocalDatabase } from '../../src-main/client/db/open-database'
import { migrations as clientMigrations } from '../../src-main/client/db/migrations'
import { openDatabase } from '../../src-main/server/db/open-database'
import { MIGRATIONS } from '../../src-main/server/db/migrations'

const dirs: string[] = []
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-migrate-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function stampVersion(file: string, version: number): void {
  const db = new Database(file)
  db.pragma(`user_version = ${version}`)
  db.close()
}

describe('migrations', () => {
  it("bring the server's database up to date once, and refuse one from a newer Parley", () => {
    const dir = tempDir()
    const db = openDatabase(dir)
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length)
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'invites'").get()).toBeTruthy()
    db.close()
    openDatabase(dir).close() // again: nothing re-applied, nothing thrown
    stampVersion(join(dir, 'parley.db'), MIGRATIONS.length + 1)
    expect(() => openDatabase(dir)).toThrow(/parley\.db schema version \d+ is newer than this Parley/)
  })

  it("bring the client's database up to date once, and refuse one from a newer Parley", () => {
    const file = join(tempDir(), 'client.db')
    const db = openLocalDatabase({ file })
    expect(db.pragma('user_version', { simple: true })).toBe(clientMigrations.length)
    db.close()
    openLocalDatabase({ file }).close()
    stampVersion(file, clientMigrations.length + 1)
    expect(() => openLocalDatabase({ file })).toThrow(/local database schema version \d+ is newer than this Parley/)
  })
})
