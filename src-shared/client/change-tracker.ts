// Which edits, deletions and reactions of one conversation are news (docs/protocol.md
// "Chat extensions in the client"): the highest `revision` seen per message, so a change
// reaching the client by socket, changes page and list socket is announced once, and the
// conversation's highest revision, from which the changes endpoint is paged after a
// reconnect.
import type { Message, MessageChanges } from '../protocol/types'

/** Ids remembered per conversation (seen messages, revisions per message). */
export const REMEMBERED_IDS = 5_000
const MAX_CHANGE_PAGES = 20

/** Drops the oldest tenth once over the limit (Sets and Maps iterate in insertion order). */
export function trimOldest(collection: Set<number> | Map<number, number>, limit = REMEMBERED_IDS): void {
  if (collection.size <= limit) return
  let drop = limit / 10
  for (const key of collection.keys()) {
    if (drop-- <= 0) break
    collection.delete(key)
  }
}

export class ChangeTracker {
  /** Highest revision seen in the conversation: the next changes request's `since`. */
  private revision: number | null = null
  private readonly revisions = new Map<number, number>()

  /** A message as it is now (history, socket): its revision is known, not news. */
  note(message: Message): void {
    if (message.revision === undefined) return
    this.revisions.set(message.id, Math.max(this.revisions.get(message.id) ?? 0, message.revision))
    trimOldest(this.revisions)
    this.revision = Math.max(this.revision ?? 0, message.revision)
  }

  /** A changed message: true (and noted) when newer than anything seen for it. */
  isNews(message: Message): boolean {
    const known = this.revisions.get(message.id)
    if (known !== undefined && message.revision !== undefined && message.revision <= known) return false
    this.note(message)
    return true
  }

  /**
   * Pages the changes endpoint from the highest revision seen until has_more is false.
   * Within a run the next `since` is the highest revision returned (whatever the server
   * reports as its own); at the end the conversation's revision is adopted.
   */
  async catchUp(page: (since: number) => Promise<MessageChanges>, apply: (message: Message) => void): Promise<void> {
    let since = this.revision ?? 0
    for (let count = 0; count < MAX_CHANGE_PAGES; count += 1) {
      const changes = await page(since)
      for (const message of changes.messages) apply(message)
      const reached = Math.max(since, ...changes.messages.map((m) => m.revision ?? 0))
      if (!changes.has_more) {
        this.revision = Math.max(this.revision ?? 0, reached, changes.revision)
        return
      }
      if (reached <= since) return // no progress: a server answering has_more forever
      since = reached
      this.revision = Math.max(this.revision ?? 0, since)
    }
  }
}
