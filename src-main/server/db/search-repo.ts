// Full-text search over messages_fts (db/migrations/005-chat-extensions.ts), newest first.
// The FTS table drives the query in rowid (= message id) order, descending, so a page
// stops after `limit` rows the user may see.
// - In one conversation, the index narrows it: the conversation's token is ANDed into the
//   MATCH, so FTS5 skips through both doclists instead of reading every match's row (a
//   common word in a quiet conversation would otherwise read thousands of rows).
// - Everywhere, each match's row is joined to the asker's conversations (CROSS JOIN keeps
//   SQLite from starting at the messages side); ORing hundreds of conversation tokens
//   measured slower (docs/benchmarks.md, "search").
import { conversationToken } from './messages-repo'
import type { Db } from './open-database'
import type { SearchIndex } from './search-index'

export interface SearchRequest {
  userId: number
  /** FTS5 MATCH expression (storage/sqlite/fts-query.ts). */
  match: string
  /** Only this conversation; every one the user takes part in when null. */
  conversationId: number | null
  /** Only messages older than this id. */
  before: number | null
  limit: number
}

export class SearchRepo {
  private readonly everywhere
  private readonly inConversation

  constructor(db: Db, private readonly index: SearchIndex) {
    const base = `SELECT f.rowid AS id FROM messages_fts f CROSS JOIN messages m ON m.id = f.rowid
       WHERE f.messages_fts MATCH @match AND f.rowid < @before`
    this.everywhere = db.prepare<{ match: string; before: number; userId: number; limit: number }, { id: number }>(
      `${base} AND m.conversation_id IN (SELECT conversation_id FROM participants WHERE user_id = @userId)
       ORDER BY f.rowid DESC LIMIT @limit`,
    )
    this.inConversation = db.prepare<{ match: string; before: number; limit: number }, { id: number }>(
      `SELECT rowid AS id FROM messages_fts WHERE messages_fts MATCH @match AND rowid < @before ORDER BY rowid DESC LIMIT @limit`,
    )
  }

  /** Ids of matching messages, newest first. */
  search(request: SearchRequest): number[] {
    // Messages stored since the last batch are indexed first: a search never misses one.
    this.index.drain()
    const before = request.before ?? Number.MAX_SAFE_INTEGER
    const rows = request.conversationId === null
      ? this.everywhere.all({ match: request.match, before, userId: request.userId, limit: request.limit })
      : this.inConversation.all({
        match: `(${request.match}) AND conversation : ${conversationToken(request.conversationId)}`, before, limit: request.limit,
      })
    return rows.map((row) => row.id)
  }
}
