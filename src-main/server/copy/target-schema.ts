// The target's column types, read from PostgreSQL's catalog rather than assumed: the
// rows are sent as typed arrays (copy/copy-tables.ts), and a target whose schema lacks a
// copied table or column (another Parley version's, or changed by hand) is refused
// before anything is written.
import type pg from 'pg'
import { COPIED_TABLES } from './tables'

/** The target cannot take the copy as it is; the message says what to do. */
export class CopyRefusedError extends Error {}

export interface TargetSchema {
  /** PostgreSQL's name of the column's type, e.g. "bigint", "timestamp with time zone". */
  columnType(table: string, column: string): string
}

export async function readTargetSchema(client: pg.ClientBase): Promise<TargetSchema> {
  const result = await client.query<{ table: string; column: string; type: string }>(
    `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
      WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
        AND c.relname = ANY($1) AND a.attnum > 0 AND NOT a.attisdropped`,
    [COPIED_TABLES.map((table) => table.name)],
  )
  const types = new Map(result.rows.map((row) => [`${row.table}.${row.column}`, row.type]))
  const missing = COPIED_TABLES.flatMap((table) => table.columns.map((column) => `${table.name}.${column.name}`)).filter((name) => !types.has(name))
  if (missing.length > 0) {
    throw new CopyRefusedError(`The target database lacks ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}: its schema is not the one this Parley makes (another version's?). Copy with the Parley version its nodes run.`)
  }
  return { columnType: (table, column) => types.get(`${table}.${column}`) as string }
}
