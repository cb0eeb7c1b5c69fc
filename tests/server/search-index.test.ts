// The search index is fed in batches off the message commit (db/search-index.ts): a
// stored message waits in search_backlog, in its own transaction, until a drain; a search
// drains first, so it never misses one; edits and deletions are re-read as they are now;
// what a crash left queued is indexed when the server starts.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { ftsQuery } from '../../src-main/server/storage/sqlite/fts-query'
import { MessagesRepo } from '../../src-main/server/db/messages-repo'
import { openDatabase, type Db } from '../../src-main/server/db/open-database'
import { SearchIndex } from '../../src-main/server/db/search-index'
import { SearchRepo } from '../../src-main/server/db/search-repo'
import { searchTerms } from '../../src-shared/protocol/search-text'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function setup(dir = mkdtempSync(join(tmpdir(), 'parley-search-index-'))) {
  if (!dirs.includes(dir)) dirs.push(dir)
  const db = openDatabase(dir)
  const index = new SearchIndex(db)
  return { dir, db, index, messages: new MessagesRepo(db, index), search: new SearchRepo(db, index) }
}

function seed(db: Db): void {
  const now = new Date().toISOString()
  db.prepare("INSERT INTO users (id, email, full_name, password_hash, created_at) VALUES (1, 'a@x', 'A', 'h', ?)").run(now)
  db.prepare("INSERT INTO conversations (id, title, created_at) VALUES (1, '', ?)").run(now)
  db.prepare('INSERT INTO participants (conversation_id, user_id) VALUES (1, 1)').run()
}

const sender = { id: 1, email: 'a@x', user_type: 'talker', full_name: 'A' }
const post = (messages: MessagesRepo, content: string) => messages.insert(
  { conversationId: 1, sender, content, clientId: null, attachment: null, replyTo: null, mentions: [] }, new Date().toISOString(),
)
const indexed = (db: Db) => (db.prepare('SELECT COUNT(*) AS n FROM messages_fts').get() as { n: number }).n
const queued = (db: Db) => (db.prepare('SELECT COUNT(*) AS n FROM search_backlog').get() as { n: number }).n

it('queues a stored message and indexes it in the next drain; a search drains first', () => {
  const { db, messages, search } = setup()
  seed(db)
  const first = post(messages, 'the quarterly plan')
  expect(indexed(db)).toBe(0) // nothing written to FTS5 on the message's own commit
  expect(queued(db)).toBe(1)
  const find = (q: string) => search.search({ userId: 1, match: ftsQuery(searchTerms(q)), conversationId: null, before: null, limit: 10 })
  expect(find('quarterly')).toEqual([first.id])
  expect(queued(db)).toBe(0)

  // Edits and deletions are re-read as they are now.
  db.transaction(() => messages.edit(first.id, 'the yearly plan', null, new Date().toISOString(), messages.nextRevision()))()
  expect(find('quarterly')).toEqual([])
  expect(find('yearly')).toEqual([first.id])
  const record = messages.get(first.id)!
  db.transaction(() => messages.markDeleted(record, new Date().toISOString(), messages.nextRevision()))()
  expect(find('yearly')).toEqual([])
  db.close()
})

it('indexes what a crash left queued when it starts', () => {
  const { dir, db, messages } = setup()
  seed(db)
  const message = post(messages, 'left in the backlog')
  db.close() // the process died before any drain

  const again = setup(dir)
  expect(queued(again.db)).toBe(1)
  again.index.start(() => {})
  again.index.stop()
  expect(queued(again.db)).toBe(0)
  expect(again.db.prepare("SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'backlog'").all()).toEqual([{ rowid: message.id }])
  again.db.close()
})
