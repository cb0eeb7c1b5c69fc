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
import { migrate } from '../../src-main/server/db/migrate'
import { MessagesRepo } from '../../src-main/server/db/messages-repo'
import { SearchIndex } from '../../src-main/server/db/search-index'
import { SearchRepo } from '../../src-main/server/db/search-repo'
import { searchTerms } from '../../src-shared/protocol/search-text'
import { ftsQuery } from '../../src-main/server/storage/sqlite/fts-query'

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

  it('migrate an existing server database to the chat extensions: its messages searchable, unchanged, never edited', () => {
    const dir = tempDir()
    const old = new Database(join(dir, 'parley.db'))
    migrate(old, MIGRATIONS.slice(0, 4), 'parley.db') // as a Parley before the chat extensions left it
    const now = new Date().toISOString()
    old.prepare("INSERT INTO users (id, email, full_name, password_hash, created_at) VALUES (1, 'a@x', 'A', 'h', ?), (2, 'b@x', 'B', 'h', ?)").run(now, now)
    old.prepare("INSERT INTO conversations (id, created_at) VALUES (1, ?)").run(now)
    old.prepare('INSERT INTO participants (conversation_id, user_id) VALUES (1, 1), (1, 2)').run()
    old.prepare("INSERT INTO attachments (id, stored_path, filename, file_size, file_type, uploaded_at) VALUES (1, 'chat_files/x_plan.pdf', 'Plan Été.pdf', 3, 'application/pdf', ?)").run(now)
    old.prepare("INSERT INTO messages (conversation_id, sender_id, content, message_type, created_at) VALUES (1, 1, 'Déjà vu at the café', 'text', ?)").run(now)
    old.prepare("INSERT INTO messages (conversation_id, sender_id, content, message_type, created_at, attachment_id) VALUES (1, 2, '', 'file', ?, 1)").run(now)
    old.close()

    const db = openDatabase(dir)
    const index = new SearchIndex(db)
    const search = new SearchRepo(db, index)
    const find = (q: string) => search.search({ userId: 2, match: ftsQuery(searchTerms(q)), conversationId: null, before: null, limit: 10 })
    expect(find('deja cafe')).toEqual([1])
    expect(find('plan ete')).toEqual([2])
    expect(find('caf')).toEqual([1])
    expect(new MessagesRepo(db, index).get(1)).toMatchObject({ content: 'Déjà vu at the café', editedAt: null, deleted: false, revision: 0, reactions: [], mentions: [] })
    db.close()
  })

  it('keep only changed messages in messages_by_revision, and read the changes through it', () => {
    const db = openDatabase(tempDir())
    expect((db.prepare("SELECT sql FROM sqlite_master WHERE name = 'messages_by_revision'").get() as { sql: string }).sql).toContain('WHERE revision > 0')
    // The statements MessagesRepo prepares for the changes endpoint, as it wrote them. The
    // newest revision has no `since` at all: only its own `revision > 0` lets SQLite use the
    // index (for the page, SQLite would also prove it from a bound `since`, re-preparing the
    // statement whenever the value changes; the term spares that).
    const sources: string[] = []
    const prepare = db.prepare.bind(db)
    db.prepare = ((source: string) => {
      sources.push(source)
      return prepare(source)
    }) as typeof db.prepare
    new MessagesRepo(db, new SearchIndex(db))
    db.prepare = prepare
    const reads = [
      { source: sources.find((s) => s.includes('ORDER BY m.revision')), args: [1, 0, 10] },
      { source: sources.find((s) => s.includes('MAX(revision)')), args: [1] },
    ]
    for (const { source, args } of reads) {
      const plan = db.prepare(`EXPLAIN QUERY PLAN ${String(source)}`).all(...args) as Array<{ detail: string }>
      expect(plan.map((step) => step.detail).join('\n')).toContain('messages_by_revision')
    }
    db.close()
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
