// The outbox: every outgoing text/file and every action on a sent message (edit, delete,
// react), keyed by client_id, in send order (one queue per conversation), persisted
// through the host's storage so nothing typed is lost to a crash, restart or outage.
// States: queued → sending → sent → read, or failed (with the server's reason), from
// which retry() returns an item to queued. Sent items leave storage (the server has them)
// and stay in memory only until a read receipt marks them read.
import type { OutboxItem, OutboxState } from './types'
import type { FileSource, Logger, OutboxStorage, StoredOutboxEntry } from './deps'

export interface OutboxEntry extends StoredOutboxEntry {
  /** In memory only: the bytes of a file item. */
  source: FileSource | null
  /** In memory only: sent before the socket dropped without an answer; may have been stored. */
  maybeDelivered: boolean
}

const ITEM_DEFAULTS: Pick<OutboxItem, 'replyTo' | 'mentions' | 'targetId' | 'reaction'> = { replyTo: null, mentions: [], targetId: null, reaction: null }

/** Sent items kept per conversation to turn 'read' on a receipt; older ones are forgotten. */
const SENT_KEPT = 200

export class Outbox {
  private readonly entries = new Map<string, OutboxEntry>()
  private seq = 0
  private persistChain: Promise<void> = Promise.resolve()

  constructor(
    private readonly storage: OutboxStorage | null,
    private readonly onChange: (item: OutboxItem) => void,
    private readonly log: Logger,
  ) {}

  /** Loads persisted entries of this server and user; sending ones are back to queued. */
  async load(server: string, userId: number): Promise<OutboxEntry[]> {
    if (!this.storage) return []
    let stored: StoredOutboxEntry[]
    try {
      stored = await this.storage.load()
    } catch (error) {
      this.log('error', 'outbox.load_failed', { error: String(error) })
      return []
    }
    const loaded: OutboxEntry[] = []
    for (const entry of stored) {
      this.seq = Math.max(this.seq, entry.seq)
      if (entry.server !== server || entry.userId !== userId || this.entries.has(entry.item.clientId)) continue
      if (entry.item.state === 'sent' || entry.item.state === 'read') continue
      // A 'sending' item may have reached the server before the app stopped.
      const maybeDelivered = entry.item.state === 'sending'
      // Entries persisted before actions and replies existed lack those fields.
      const item: OutboxItem = { ...ITEM_DEFAULTS, ...entry.item, state: entry.item.state === 'failed' ? 'failed' : 'queued' }
      const live: OutboxEntry = { ...entry, item, source: null, maybeDelivered }
      this.entries.set(item.clientId, live)
      loaded.push(live)
    }
    return loaded
  }

  add(entry: Omit<StoredOutboxEntry, 'seq'>, source: FileSource | null): OutboxEntry {
    this.seq += 1
    const live: OutboxEntry = { ...entry, seq: this.seq, source, maybeDelivered: false }
    this.entries.set(entry.item.clientId, live)
    this.persist(live)
    this.onChange({ ...live.item })
    return live
  }

  get(clientId: string): OutboxEntry | undefined {
    return this.entries.get(clientId)
  }

  /** Items not yet sent (queued, sending, failed) of a conversation, in send order. */
  pending(conversationId: number): OutboxEntry[] {
    return [...this.entries.values()]
      .filter((e) => e.item.conversationId === conversationId && e.item.state !== 'sent' && e.item.state !== 'read')
      .sort((a, b) => a.seq - b.seq)
  }

  /** The next item to send in a conversation: the oldest queued one. */
  nextQueued(conversationId: number): OutboxEntry | undefined {
    return this.pending(conversationId).find((e) => e.item.state === 'queued')
  }

  conversationsWithPending(): number[] {
    const ids = new Set<number>()
    for (const entry of this.entries.values()) {
      if (entry.item.state === 'queued' || entry.item.state === 'sending') ids.add(entry.item.conversationId)
    }
    return [...ids]
  }

  setState(entry: OutboxEntry, state: OutboxState, changes: { error?: string | null; messageId?: number | null } = {}): void {
    if (!this.entries.has(entry.item.clientId)) return
    entry.item = { ...entry.item, state, error: changes.error ?? (state === 'failed' ? entry.item.error : null), ...(changes.messageId !== undefined ? { messageId: changes.messageId } : {}) }
    if (state === 'sent' || state === 'read') {
      entry.maybeDelivered = false
      entry.source = null
      this.unpersist(entry.item.clientId)
      if (state === 'read') this.entries.delete(entry.item.clientId)
      else this.trimSent(entry.item.conversationId)
    } else {
      this.persist(entry)
    }
    this.onChange({ ...entry.item })
  }

  /** A read receipt: every sent item of ours in the conversation is now read. */
  markRead(conversationId: number): void {
    for (const entry of [...this.entries.values()]) {
      if (entry.item.conversationId === conversationId && entry.item.state === 'sent') this.setState(entry, 'read')
    }
  }

  remove(clientId: string): OutboxEntry | undefined {
    const entry = this.entries.get(clientId)
    if (!entry) return undefined
    this.entries.delete(clientId)
    this.unpersist(clientId)
    return entry
  }

  clear(): void {
    this.entries.clear()
  }

  /** Resolves once every storage write issued so far has finished. */
  flushStorage(): Promise<void> {
    return this.persistChain
  }

  private trimSent(conversationId: number): void {
    const sent = [...this.entries.values()].filter((e) => e.item.conversationId === conversationId && e.item.state === 'sent')
    for (const entry of sent.slice(0, Math.max(0, sent.length - SENT_KEPT))) this.entries.delete(entry.item.clientId)
  }

  // Writes go through one chain so a put and a later remove of the same item land in order.
  private persist(entry: OutboxEntry): void {
    if (!this.storage) return
    const storage = this.storage
    const { source: _source, maybeDelivered: _maybe, ...stored } = entry
    const snapshot: StoredOutboxEntry = { ...stored, item: { ...stored.item } }
    this.persistChain = this.persistChain.then(() => storage.put(snapshot)).catch((error: unknown) => {
      this.log('error', 'outbox.persist_failed', { error: String(error) })
    })
  }

  private unpersist(clientId: string): void {
    if (!this.storage) return
    const storage = this.storage
    this.persistChain = this.persistChain.then(() => storage.remove(clientId)).catch((error: unknown) => {
      this.log('error', 'outbox.persist_failed', { error: String(error) })
    })
  }
}
