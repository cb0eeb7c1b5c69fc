// The rows: every copied table (copy/tables.ts) from the snapshot into PostgreSQL, in
// batches (one INSERT … SELECT FROM unnest(arrays) per batch: one parameter per column
// however many rows, so a million messages take a few hundred statements and memory
// stays at one batch), ids as they are. Runs inside the caller's transaction.
import type pg from 'pg'
import type { Db } from '../db/open-database'
import { canonicalRow, CopyDataError, type CanonicalRow } from './canonical'
import { progress, type ProgressSink } from './progress'
import { searchColumn } from './search-column'
import { sqliteCount, sqliteRows } from './sqlite-rows'
import { COPIED_TABLES, type CopiedTable } from './tables'
import type { TargetSchema } from './target-schema'

/** A batch ends at this many rows or this much text, whichever comes first (a message may hold 64K characters). */
const BATCH_ROWS = 5000
const BATCH_CHARS = 8_000_000

/** A target column the source does not have, computed from each copied row (messages.search). */
export interface DerivedColumn {
  column: string
  /** Type of the parameter array's elements. */
  paramType: string
  /** SQL making the column's value from the parameter, named `value`. */
  expression(value: string): string
  compute(row: CanonicalRow): string
}

export async function copyTables(db: Db, client: pg.ClientBase, schema: TargetSchema, sink: ProgressSink): Promise<void> {
  for (const table of COPIED_TABLES) {
    const derived = table.name === 'messages' ? [searchColumn(db, table)] : []
    await copyTable(db, client, table, schema, derived, sink)
  }
}

async function copyTable(db: Db, client: pg.ClientBase, table: CopiedTable, schema: TargetSchema, derived: readonly DerivedColumn[], sink: ProgressSink): Promise<void> {
  const names = [...table.columns.map((column) => column.name), ...derived.map((extra) => extra.column)]
  const types = [...table.columns.map((column) => schema.columnType(table.name, column.name)), ...derived.map((extra) => extra.paramType)]
  const arrays = types.map((type, index) => `$${index + 1}::${type}[]`).join(', ')
  const aliases = names.map((_, index) => `c${index}`)
  const values = [...table.columns.map((_, index) => aliases[index]), ...derived.map((extra, index) => extra.expression(aliases[table.columns.length + index] as string))]
  // OVERRIDING SYSTEM VALUE: the ids are the source's, also into GENERATED ALWAYS identity columns.
  const insert = `INSERT INTO "${table.name}" (${names.map((name) => `"${name}"`).join(', ')}) OVERRIDING SYSTEM VALUE
    SELECT ${values.join(', ')} FROM unnest(${arrays}) AS source(${aliases.join(', ')})`
  const total = sqliteCount(db, table)
  const shown = progress(sink, `copying ${table.name}`, total, 'rows')
  let batch: (string | null)[][] = names.map(() => [])
  let rows = 0
  let chars = 0
  let done = 0
  const flush = async (): Promise<void> => {
    if (rows === 0) return
    await client.query(insert, batch).catch((error: unknown) => {
      throw refused(table, error)
    })
    done += rows
    shown.update(done)
    batch = names.map(() => [])
    rows = 0
    chars = 0
  }
  for (const source of sqliteRows(db, table, 'insert')) {
    const row = canonicalRow(table, source)
    const full = [...row, ...derived.map((extra) => extra.compute(row))]
    full.forEach((value, index) => {
      batch[index]?.push(value)
      chars += value?.length ?? 0
    })
    rows += 1
    if (rows >= BATCH_ROWS || chars >= BATCH_CHARS) await flush()
  }
  await flush()
  if (total > 0) shown.finish()
}

/**
 * A row the target's constraints refuse (a reference to a row that is not there, a value
 * its checks forbid: a source written with foreign keys off, or by hand) is a property of
 * the source: said with PostgreSQL's own detail, which names the key.
 */
function refused(table: CopiedTable, error: unknown): Error {
  const { code, detail } = error as { code?: string; detail?: string }
  // Class 22 (data exception) and 23 (integrity constraint violation).
  if (typeof code !== 'string' || !/^2[23]/.test(code)) return error as Error
  return new CopyDataError(`${table.name}: ${(error as Error).message}${detail ? ` (${detail})` : ''}. Nothing was copied.`)
}
