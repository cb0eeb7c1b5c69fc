// This device's choices per conversation (mute, marked unread): no protocol, so they work
// with any server. The engine owns them (one owner: main's badge and the UI both follow
// its 'conversation-prefs' events) and persists them through the host's PrefsStorage.
import type { Logger, PrefsAccount, PrefsStorage } from './deps'
import type { ConversationPrefs } from './types'

export class ConversationPrefsBook {
  private readonly byId = new Map<number, ConversationPrefs>()
  private account: PrefsAccount | null = null
  private persistChain: Promise<void> = Promise.resolve()

  constructor(
    private readonly storage: PrefsStorage | null,
    private readonly onChange: (prefs: ConversationPrefs) => void,
    private readonly log: Logger,
  ) {}

  async load(account: PrefsAccount): Promise<void> {
    this.byId.clear()
    this.account = account
    if (!this.storage) return
    try {
      for (const prefs of await this.storage.load(account)) {
        if (isPrefs(prefs)) this.byId.set(prefs.conversationId, { ...prefs })
      }
    } catch (error) {
      this.log('error', 'prefs.load_failed', { error: String(error) })
    }
  }

  /** Every conversation with a choice set. */
  list(): ConversationPrefs[] {
    return [...this.byId.values()].map((prefs) => ({ ...prefs }))
  }

  get(conversationId: number): ConversationPrefs {
    return { ...(this.byId.get(conversationId) ?? { conversationId, muted: false, markedUnread: false }) }
  }

  /** Changes one conversation's prefs; announces and persists only a real change. */
  set(conversationId: number, change: Partial<Omit<ConversationPrefs, 'conversationId'>>): ConversationPrefs {
    const current = this.get(conversationId)
    const next = { ...current, ...change }
    if (next.muted === current.muted && next.markedUnread === current.markedUnread) return next
    if (next.muted || next.markedUnread) this.byId.set(conversationId, next)
    else this.byId.delete(conversationId)
    this.persist(next)
    this.onChange({ ...next })
    return { ...next }
  }

  clear(): void {
    this.byId.clear()
    this.account = null
  }

  flushStorage(): Promise<void> {
    return this.persistChain
  }

  private persist(prefs: ConversationPrefs): void {
    const { storage, account } = this
    if (!storage || !account) return
    this.persistChain = this.persistChain.then(() => storage.put(account, prefs)).catch((error: unknown) => {
      this.log('error', 'prefs.persist_failed', { error: String(error) })
    })
  }
}

function isPrefs(value: unknown): value is ConversationPrefs {
  const record = (value ?? {}) as Partial<ConversationPrefs>
  return Number.isInteger(record.conversationId) && (record.conversationId ?? 0) > 0
    && typeof record.muted === 'boolean' && typeof record.markedUnread === 'boolean'
}
