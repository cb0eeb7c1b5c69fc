// Rows of a copied table as PostgreSQL holds them, in the same key order as the snapshot's
// (text keys byte-wise, COLLATE "C", as SQLite's BINARY compares), fetched through a cursor
// a batch at a time. Run inside a transaction (the cursor lives as long as it).
import type pg from 'pg'
import { isTextKey, type CopiedTable } from './tables'

const FETCH_ROWS = 5000

export async function pgCount(client: pg.ClientBase, table: CopiedTable): Promise<number> {
  const result = await client.query<{ count: string }>(`SELECT count(*) FROM "${table.name}"`)
  return Number(result.rows[0]?.count ?? 0)
}

export async function* pgRows(client: pg.ClientBase, table: CopiedTable): AsyncGenerator<unknown[]> {
  const columns = table.columns.map((column) => `"${column.name}"`).join(', ')
  const order = table.key.map((name) => (isTextKey(table, name) ? `"${name}" COLLATE "C"` : `"${name}"`)).join(', ')
  const cursor = `parley_copy_${table.name}`
  await client.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT ${columns} FROM "${table.name}" ORDER BY ${order}`)
  try {
    for (;;) {
      const batch = await client.query<unknown[]>({ text: `FETCH ${FETCH_ROWS} FROM ${cursor}`, rowMode: 'array' })
      yield* batch.rows
      if (batch.rows.length < FETCH_ROWS) return
    }
  } finally {
    await client.query(`CLOSE ${cursor}`)
  }
}
