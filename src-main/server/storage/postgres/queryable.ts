// What a store needs to run a statement: the pool (a statement on its own) or the client
// holding a transaction (the chat committer's batch). A QueryConfig with a `name` is a
// prepared statement, parsed and planned once per connection: the chat hot path's.
import type pg from 'pg'

export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string | pg.QueryConfig, values?: unknown[]): Promise<pg.QueryResult<R>>
}
