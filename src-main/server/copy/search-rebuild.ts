// The search index on the target: SQLite's FTS5 tables are not copied; each message's
// words (its text and file name, folded by the engine's own rule, searchWords) are
// written to messages.search, as the PostgreSQL engine does when it stores a message.
// Deleted messages have neither text nor file and keep the empty default.
import type pg from 'pg'
import type { Db } from '../db/open-database'
import { searchWords } from '../storage/postgres/message-rows'
import { progress, type ProgressSink } from './progress'

const BATCH_MESSAGES = 5000

export async function rebuildSearch(db: Db, client: pg.ClientBase, sink: ProgressSink): Promise<void> {
  const total = Number(db.prepare('SELECT count(*) FROM messages WHERE deleted_at IS NULL').pluck().get())
  const shown = progress(sink, 'search index', total, 'messages')
  const rows = db.prepare(
    `SELECT m.id, m.content, a.filename FROM messages m LEFT JOIN attachments a ON a.id = m.attachment_id
      WHERE m.deleted_at IS NULL ORDER BY m.id`,
  ).raw(true).iterate() as IterableIterator<[bigint, string, string | null]>
  let ids: string[] = []
  let words: string[] = []
  let seen = 0
  const flush = async (): Promise<void> => {
    if (ids.length === 0) return
    await client.query(
      `UPDATE messages m SET search = array_to_tsvector(ARRAY(SELECT jsonb_array_elements_text(v.words)))
         FROM unnest($1::bigint[], $2::jsonb[]) AS v(id, words) WHERE m.id = v.id`,
      [ids, words],
    )
    shown.update(seen)
    ids = []
    words = []
  }
  for (const [id, content, filename] of rows) {
    seen += 1
    const found = searchWords(content, filename)
    if (found.length > 0) {
      ids.push(String(id))
      words.push(JSON.stringify(found))
    }
    if (ids.length >= BATCH_MESSAGES) await flush()
  }
  await flush()
  if (total > 0) shown.finish()
}
