// Which edits, deletions and reactions of one conversation are news (docs/protocol.md
// "Chat extensions in the client"): the highest `revision` seen per message, so a change
// reaching the client by socket, changes page and list socket is announced once, and the
// conversation's watermark (every change up to it has arrived), from which the changes
// endpoint is paged after a reconnect.
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
  /**
   * Every change of the conversation up to this revision has reached the client (null: not
   * synced yet): the next changes request's `since`. Only a sync and, once synced, the open
   * socket's own message_updated frames (which come in commit order) move it; a history page
   * loaded at any time says nothing about the changes of other messages.
   */
  private watermark: number | null = null
  /** The socket is up and its sync has finished: its updates move the watermark. */
  private synced = false
  /**
   * What the client holds was loaded while the server tracked no revisions (it ran seed-only,
   * and was restarted with its extensions on): no revisions came with it, so a greeting's
   * revision is no baseline for it, and the first sync that tracks revisions pages the
   * changes from the start.
   */
  private loadedBlind = false
  private readonly revisions = new Map<number, number>()

  /** A message as it is now (history, socket): its revision is known, not news. */
  note(message: Message): void {
    if (message.revision === undefined) return
    this.revisions.set(message.id, Math.max(this.revisions.get(message.id) ?? 0, message.revision))
    trimOldest(this.revisions)
  }

  /** A changed message: true (and noted) when newer than anything seen for it. */
  isNews(message: Message): boolean {
    const known = this.revisions.get(message.id)
    if (known !== undefined && message.revision !== undefined && message.revision <= known) return false
    this.note(message)
    return true
  }

  /** A message_updated from this conversation's own socket. */
  live(message: Message): void {
    if (this.synced && this.watermark !== null && message.revision !== undefined) this.watermark = Math.max(this.watermark, message.revision)
  }

  /** A gap fill ran without revision tracking (the server offered none). */
  untracked(): void {
    if (this.watermark === null) this.loadedBlind = true
  }

  /** The socket dropped: changes may now be missed until the next sync. */
  down(): void {
    this.synced = false
  }

  /**
   * After a (re)connect's gap fill. `current` is the conversation's newest revision from the
   * socket's greeting (null from a server that sends none). On the first sync what the
   * client holds was just loaded as it is now, so `current` is only the baseline (paging
   * every change the conversation ever had would cost each first open thousands of
   * messages); after that, nothing changed while away when `current` is no newer than the
   * watermark. Otherwise (or when the first load was blind: `untracked`) the changes
   * endpoint is paged.
   */
  async sync(current: number | null, page: (since: number) => Promise<MessageChanges>, apply: (message: Message) => void): Promise<void> {
    if (current !== null && !this.loadedBlind && (this.watermark === null || current <= this.watermark)) {
      this.watermark = Math.max(this.watermark ?? 0, current)
    } else {
      await this.catchUp(page, apply)
      this.loadedBlind = false
    }
    this.synced = true
  }

  /**
   * Pages the changes endpoint from the watermark until has_more is false. Within a run the
   * next `since` is the highest revision returned (whatever the server reports as its own);
   * at the end the conversation's revision is adopted.
   */
  async catchUp(page: (since: number) => Promise<MessageChanges>, apply: (message: Message) => void): Promise<void> {
    let since = this.watermark ?? 0
    for (let count = 0; count < MAX_CHANGE_PAGES; count += 1) {
      const changes = await page(since)
      for (const message of changes.messages) apply(message)
      const reached = Math.max(since, ...changes.messages.map((m) => m.revision ?? 0))
      if (!changes.has_more) {
        this.watermark = Math.max(this.watermark ?? 0, reached, changes.revision)
        return
      }
      if (reached <= since) return // no progress: a server answering has_more forever
      since = reached
      this.watermark = Math.max(this.watermark ?? 0, since)
    }
  }
}
