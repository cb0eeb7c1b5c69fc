// A copy goes only into a target without chat data: copying onto a database in use would
// mix two servers' ids. With --replace the target's chat data is deleted first, in the
// copy's own transaction, so a failed copy leaves the old data in place. The tables are
// locked for the copy's transaction, so a node started on the target meanwhile waits
// instead of writing between the check and the copy.
import type pg from 'pg'
import { COPIED_TABLES } from './tables'
import { CopyRefusedError } from './target-schema'

/** Every table holding chat data: the copied ones and partial uploads (which refer to users). */
const CHAT_TABLES = [...COPIED_TABLES.map((table) => table.name), 'uploads']

/** How long to wait for the locks before saying what holds them. */
const LOCK_TIMEOUT = '10s'

/** Table → row count, for the tables of the target that hold rows. */
export async function chatDataIn(client: pg.ClientBase): Promise<Map<string, number>> {
  const found = new Map<string, number>()
  for (const table of CHAT_TABLES) {
    const { rows } = await client.query<{ count: string }>(`SELECT count(*) FROM "${table}"`)
    const count = Number(rows[0]?.count ?? 0)
    if (count > 0) found.set(table, count)
  }
  return found
}

/** Refuses a target holding chat data unless `replace`; run before anything is copied. */
export async function checkTargetEmpty(client: pg.ClientBase, replace: boolean): Promise<void> {
  if (replace) return
  const found = await chatDataIn(client)
  if (found.size === 0) return
  const listed = [...found].map(([table, count]) => `${table} ${count.toLocaleString('en-US')}`)
  throw new CopyRefusedError(`The target database already holds chat data (rows: ${listed.join(', ')}). Give --replace to delete it and copy again, or name an empty database.`)
}

/** Inside the copy's transaction: locks the tables, checks again (or empties them with `replace`). */
export async function claimTarget(client: pg.ClientBase, replace: boolean): Promise<void> {
  await client.query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`)
  const tables = CHAT_TABLES.map((table) => `"${table}"`).join(', ')
  try {
    await client.query(`LOCK TABLE ${tables} IN ACCESS EXCLUSIVE MODE`)
  } catch (error) {
    if ((error as { code?: string }).code !== '55P03') throw error
    throw new CopyRefusedError(`The target database's tables stayed in use for ${LOCK_TIMEOUT}: stop the Parley nodes using it, then copy again.`)
  }
  if (replace) await client.query(`TRUNCATE ${tables} RESTART IDENTITY CASCADE`)
  else await checkTargetEmpty(client, false)
}
