// After rows are copied with their own ids, every id sequence of the copied tables is
// moved past the highest id, and the server-wide revision sequence (SQLite: the
// revision_counter row) to where the source's counter stood, so the target's next id and
// next revision are new ones.
import type pg from 'pg'
import type { Db } from '../db/open-database'
import { COPIED_TABLES } from './tables'

/** storage/postgres/migrations/005: the server-wide revision, a sequence on PostgreSQL. */
const REVISION_SEQUENCE = 'revision_seq'

export async function moveSequences(client: pg.ClientBase, db: Db): Promise<void> {
  const { rows } = await client.query<{ table: string; column: string; sequence: string }>(
    `SELECT table_name AS table, column_name AS column, pg_get_serial_sequence(quote_ident(table_name), column_name) AS sequence
       FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = ANY($1)
        AND pg_get_serial_sequence(quote_ident(table_name), column_name) IS NOT NULL`,
    [COPIED_TABLES.map((table) => table.name)],
  )
  for (const { table, column, sequence } of rows) {
    await client.query(`SELECT setval($1, GREATEST(max("${column}"), 1), max("${column}") IS NOT NULL) FROM "${table}"`, [sequence])
  }
  // The counter is never below a message's revision; the max guards a source where it is.
  const counter = String(db.prepare('SELECT value FROM revision_counter').pluck().get() ?? 0)
  await client.query(
    `SELECT setval($1, GREATEST(v.value, 1), v.value > 0)
       FROM (SELECT GREATEST($2::bigint, (SELECT coalesce(max(revision), 0) FROM messages)) AS value) v`,
    [REVISION_SEQUENCE, counter],
  )
}
