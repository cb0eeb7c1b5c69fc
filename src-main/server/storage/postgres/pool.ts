// The connection pool and the one conversion rule for what PostgreSQL sends back.
// bigint (ids, counts, sizes) arrives as a JS number, as it does from SQLite: every id
// Parley makes stays far below 2^53, and a value beyond it is refused rather than rounded.
import pg from 'pg'

const INT8_OID = 20

function parseInt8(text: string): number {
  const value = Number(text)
  if (!Number.isSafeInteger(value)) throw new Error(`PostgreSQL returned ${text}, beyond what this Parley can count`)
  return value
}

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? parseInt8 : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
}

export interface PoolOptions {
  /** Connections this process opens at most (the chat committer holds one per batch). */
  max?: number
}

export function createPool(url: string, options: PoolOptions = {}): pg.Pool {
  return new pg.Pool({ ...clientConfig(url), max: options.max ?? 10 })
}

/** For a lone client (the LISTEN connection, the migration CLI): same conversions. */
export function clientConfig(url: string): pg.ClientConfig {
  // synchronous_commit on whatever the server's default: a write resolves only once durable.
  return { connectionString: url, types, options: '-c synchronous_commit=on' }
}

/** The first row of a result, or null. */
export function first<T extends object>(result: pg.QueryResult<T>): T | null {
  return result.rows[0] ?? null
}
