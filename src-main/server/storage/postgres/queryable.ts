// What a store needs to run a statement: the pool (a statement on its own) or the client
// holding a transaction (the chat committer's batch).
import type pg from 'pg'

export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>
}
