// Message search (SearchStore) over messages.search (migration 005): every term must be
// one of the message's words, the last as a prefix, newest first, only in conversations
// the user takes part in (or the one asked for, which the caller checked). The tsquery is
// built from the terms as quoted lexemes, so nothing typed is read as an operator, and
// cast directly (not to_tsquery) so PostgreSQL's parser never re-splits a folded word.
import type { SearchRequest, SearchStore } from '../storage'
import type { Queryable } from './queryable'

/** A tsquery of `terms`, each a literal lexeme ANDed, the last as a prefix; null when there is none. */
export function tsQuery(terms: readonly string[]): string | null {
  const words = terms.filter((term) => term !== '')
  if (words.length === 0) return null
  return words.map((term, i) => `'${term.replace(/\\/g, '\\\\').replace(/'/g, "''")}'${i === words.length - 1 ? ':*' : ''}`).join(' & ')
}

export class PgSearch implements SearchStore {
  constructor(private readonly db: Queryable) {}

  async search(request: SearchRequest): Promise<number[]> {
    const query = tsQuery(request.terms)
    if (query === null) return []
    const before = request.before ?? Number.MAX_SAFE_INTEGER
    const { rows } = request.conversationId === null
      ? await this.db.query<{ id: number }>(
        `SELECT m.id FROM messages m
          WHERE m.search @@ $1::tsquery AND m.id < $2
            AND m.conversation_id IN (SELECT conversation_id FROM participants WHERE user_id = $3)
          ORDER BY m.id DESC LIMIT $4`, [query, before, request.userId, request.limit])
      : await this.db.query<{ id: number }>(
        `SELECT id FROM messages WHERE search @@ $1::tsquery AND id < $2 AND conversation_id = $3
          ORDER BY id DESC LIMIT $4`, [query, before, request.conversationId, request.limit])
    return rows.map((row) => row.id)
  }
}
