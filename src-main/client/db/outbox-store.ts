// The engine's OutboxStorage over SQLite: one row per client_id, body sealed. The engine
// filters entries by server and user itself, so all accounts share the table.
import type { OutboxStorage, StoredOutboxEntry } from '../../../src-shared/client/deps'
import type { LocalDatabase } from './open-database'
import type { Sealer } from './sealed'

export interface OutboxStore extends OutboxStorage {
  load(): StoredOutboxEntry[]
  /** Sign-out: forget everything this user had queued on this server. */
  removeAccount(server: string, userId: number): void
  fileRefs(): string[]
}

export function createOutboxStore(db: LocalDatabase, sealer: Sealer): OutboxStore {
  const selectAll = db.prepare<[], { client_id: string; body: Buffer }>('SELECT client_id, body FROM outbox ORDER BY seq')
  const upsert = db.prepare<[string, number, string, number, Buffer]>(
    `INSERT INTO outbox (client_id, seq, server, user_id, body) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (client_id) DO UPDATE SET seq = excluded.seq, body = excluded.body`,
  )
  const deleteOne = db.prepare<[string]>('DELETE FROM outbox WHERE client_id = ?')
  const deleteAccount = db.prepare<[string, number]>('DELETE FROM outbox WHERE server = ? AND user_id = ?')

  function load(): StoredOutboxEntry[] {
    const entries: StoredOutboxEntry[] = []
    for (const row of selectAll.all()) {
      const entry = sealer.open<StoredOutboxEntry>(row.body)
      if (entry) entries.push(entry)
      else deleteOne.run(row.client_id) // unreadable (key lost with the OS keyring): drop it
    }
    return entries
  }

  return {
    load,
    put(entry) {
      upsert.run(entry.item.clientId, entry.seq, entry.server, entry.userId, sealer.seal(entry))
    },
    remove(clientId) {
      deleteOne.run(clientId)
    },
    removeAccount(server, userId) {
      deleteAccount.run(server, userId)
    },
    fileRefs: () => load().flatMap((entry) => (entry.fileRef ? [entry.fileRef] : [])),
  }
}
