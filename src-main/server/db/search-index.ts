// Keeps messages_fts (db/migrations/005-chat-extensions.ts) in step with messages, in
// batches: inserts, edits and deletions queue the message id in search_backlog inside
// their own transaction (migration 006 says why), and drain() indexes the queue, a
// thousand messages per transaction: every SEARCH_INDEX_INTERVAL_MS, and before each
// search, so a search never misses a stored message.
import { conversationToken } from './messages-repo'
import type { Db } from './open-database'

/** How often queued messages are indexed when nobody searches. */
export const SEARCH_INDEX_INTERVAL_MS = 250
const BATCH = 1_000

interface IndexedRow {
  id: number
  content: string
  deleted_at: string | null
  conversation_id: number
  filename: string | null
}

export class SearchIndex {
  private readonly queueStmt
  private readonly pendingStmt
  private readonly rowStmt
  private readonly removeText
  private readonly insertText
  private readonly dequeue
  private readonly drainBatch
  private timer: ReturnType<typeof setInterval> | null = null

  constructor(db: Db) {
    this.queueStmt = db.prepare<[number]>('INSERT OR IGNORE INTO search_backlog (message_id) VALUES (?)')
    this.pendingStmt = db.prepare<[number], { message_id: number }>('SELECT message_id FROM search_backlog ORDER BY message_id LIMIT ?')
    this.rowStmt = db.prepare<[number], IndexedRow>(
      `SELECT m.id, m.content, m.deleted_at, m.conversation_id, a.filename
         FROM messages m LEFT JOIN attachments a ON a.id = m.attachment_id WHERE m.id = ?`,
    )
    this.removeText = db.prepare<[number]>('DELETE FROM messages_fts WHERE rowid = ?')
    this.insertText = db.prepare<[number, string, string, string]>(
      'INSERT INTO messages_fts (rowid, body, filename, conversation) VALUES (?, ?, ?, ?)',
    )
    this.dequeue = db.prepare<[number]>('DELETE FROM search_backlog WHERE message_id = ?')
    this.drainBatch = db.transaction((): number => {
      const ids = this.pendingStmt.all(BATCH).map((row) => row.message_id)
      for (const id of ids) {
        // The message as it is now: a deleted one leaves the index, an edit replaces its text.
        this.removeText.run(id)
        const row = this.rowStmt.get(id)
        if (row && row.deleted_at === null) this.insertText.run(id, row.content, row.filename ?? '', conversationToken(row.conversation_id))
        this.dequeue.run(id)
      }
      return ids.length
    })
  }

  /** Queues a message inserted, edited or deleted; call inside the transaction that changed it. */
  queue(messageId: number): void {
    this.queueStmt.run(messageId)
  }

  /** Indexes everything queued. */
  drain(): void {
    while (this.drainBatch() === BATCH) { /* more queued */ }
  }

  /** Drains now (what a crash left queued) and then every SEARCH_INDEX_INTERVAL_MS. */
  start(onError: (error: unknown) => void): void {
    const tick = (): void => {
      try {
        this.drain()
      } catch (error) {
        onError(error)
      }
    }
    tick()
    this.timer = setInterval(tick, SEARCH_INDEX_INTERVAL_MS)
    this.timer.unref()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }
}
