// Rows of a copied table as they are in the snapshot: raw value arrays in the table's
// column order, streamed (a million messages are never in memory at once).
import type { Db } from '../db/open-database'
import type { CopiedTable } from './tables'

export function sqliteCount(db: Db, table: CopiedTable): number {
  return Number(db.prepare(`SELECT count(*) FROM "${table.name}"`).pluck().get())
}

/** In key order (`by: 'key'`, as the check hashes them) or in the order they are inserted in. */
export function sqliteRows(db: Db, table: CopiedTable, by: 'key' | 'insert'): IterableIterator<unknown[]> {
  const columns = table.columns.map((column) => `"${column.name}"`).join(', ')
  const order = by === 'insert' && table.insertOrder ? table.insertOrder : table.key.map((name) => `"${name}"`).join(', ')
  return db.prepare(`SELECT ${columns} FROM "${table.name}" ORDER BY ${order}`).raw(true).iterate() as IterableIterator<unknown[]>
}
