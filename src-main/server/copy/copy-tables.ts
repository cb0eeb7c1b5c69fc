// The rows: every copied table (copy/tables.ts) from the snapshot into PostgreSQL, in
// batches (one INSERT … SELECT FROM unnest(arrays) per batch: one parameter per column
// however many rows, so a million messages take a few hundred statements and memory
// stays at one batch), ids as they are. Runs inside the caller's transaction.
import type pg from 'pg'
import type { Db } from '../db/open-database'
import { canonicalRow, CopyDataError } from './canonical'
import { progress, type ProgressSink } from './progress'
import { sqliteCount, sqliteRows } from './sqlite-rows'
import { COPIED_TABLES, type CopiedTable } from './tables'
import type { TargetSchema } from './target-schema'

/** A batch ends at this many rows or this much text, whichever comes first (a message may hold 64K characters). */
const BATCH_ROWS = 5000
const BATCH_CHARS = 8_000_000

export async function copyTables(db: Db, client: pg.ClientBase, schema: TargetSchema, sink: ProgressSink): Promise<Map<string, number>> {
  const copied = new Map<string, number>()
  for (const table of COPIED_TABLES) copied.set(table.name, await copyTable(db, client, table, schema, sink))
  return copied
}

async function copyTable(db: Db, client: pg.ClientBase, table: CopiedTable, schema: TargetSchema, sink: ProgressSink): Promise<number> {
  const types = table.columns.map((column) => schema.columnType(table.name, column.name))
  const columns = table.columns.map((column) => `"${column.name}"`).join(', ')
  const arrays = types.map((type, index) => `$${index + 1}::${type}[]`).join(', ')
  // OVERRIDING SYSTEM VALUE: the ids are the source's, also into GENERATED ALWAYS identity columns.
  const insert = `INSERT INTO "${table.name}" (${columns}) OVERRIDING SYSTEM VALUE SELECT * FROM unnest(${arrays})`
  const shown = progress(sink, `copying ${table.name}`, sqliteCount(db, table), 'rows')
  let batch: (string | null)[][] = table.columns.map(() => [])
  let rows = 0
  let chars = 0
  let total = 0
  const flush = async (): Promise<void> => {
    if (rows === 0) return
    await client.query(insert, batch).catch((error: unknown) => {
      throw refused(table, error)
    })
    total += rows
    shown.update(total)
    batch = table.columns.map(() => [])
    rows = 0
    chars = 0
  }
  for (const values of sqliteRows(db, table, 'insert')) {
    const row = canonicalRow(table, values)
    row.forEach((value, index) => {
      batch[index]?.push(value)
      chars += value?.length ?? 0
    })
    rows += 1
    if (rows >= BATCH_ROWS || chars >= BATCH_CHARS) await flush()
  }
  await flush()
  if (total > 0) shown.finish()
  return total
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
