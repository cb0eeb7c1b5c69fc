// The conversation list as the client knows it, kept right between REST refreshes:
// new messages move a conversation up, update its preview and unread count.
import type { Conversation, Message } from '../protocol/types'

const PREVIEW_CHARS = 100

/** The one preview rule: what a conversation row shows of its last message. */
export function previewOf(message: Message): string {
  // The server's own preview of a deleted last message (docs/protocol.md, chat extensions).
  if (message.deleted) return 'Message deleted'
  if (message.message_type === 'file') return `📎 ${message.file_attachment?.filename ?? 'file'}`
  const text = message.content.replace(/\s+/g, ' ').trim()
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 1)}…` : text
}

export class ConversationBook {
  private readonly byId = new Map<number, Conversation>()
  /** Highest message id applied per conversation, so replays do not count twice. */
  private readonly applied = new Map<number, number>()

  get(id: number): Conversation | undefined {
    return this.byId.get(id)
  }

  /** Most recent activity first, as the server orders them. */
  list(): Conversation[] {
    return [...this.byId.values()].sort((a, b) => activity(b).localeCompare(activity(a)) || b.id - a.id)
  }

  /** Replaces everything with a fresh server list; returns the conversations that changed. */
  replaceAll(conversations: Conversation[]): Conversation[] {
    const changed = conversations.filter((c) => !sameSummary(this.byId.get(c.id), c))
    this.byId.clear()
    for (const conversation of conversations) this.byId.set(conversation.id, conversation)
    return changed
  }

  /**
   * One server-sent conversation; true when it differs from what we had. Its counts already
   * include `message` (list-socket events carry both), so that message must not count again
   * when the chat socket delivers it afterwards.
   */
  put(conversation: Conversation, message?: Message | null): boolean {
    const changed = !sameSummary(this.byId.get(conversation.id), conversation)
    this.byId.set(conversation.id, conversation)
    if (message && (this.applied.get(conversation.id) ?? 0) < message.id) this.applied.set(conversation.id, message.id)
    return changed
  }

  /** Applies a new message; returns the updated conversation, or null when unknown or already applied. */
  applyMessage(message: Message, countsAsUnread: boolean): Conversation | null {
    const current = this.byId.get(message.conversation)
    if (!current) return null
    if ((this.applied.get(message.conversation) ?? 0) >= message.id) return null
    this.applied.set(message.conversation, message.id)
    const newer = !current.last_message_at || message.created_at >= current.last_message_at
    const next: Conversation = {
      ...current,
      ...(newer
        ? { last_message_at: message.created_at, last_message_preview: previewOf(message), last_message_sender_id: message.sender.id }
        : {}),
      unread_count: current.unread_count + (countsAsUnread ? 1 : 0),
    }
    this.byId.set(next.id, next)
    return next
  }

  /**
   * An edit or deletion: when it is the conversation's last message, the preview follows
   * (the list socket does this itself when there is one). Returns the changed conversation.
   */
  applyUpdate(message: Message): Conversation | null {
    const current = this.byId.get(message.conversation)
    if (!current) return null
    const applied = this.applied.get(message.conversation)
    const isLast = applied === message.id || ((applied ?? 0) < message.id && message.created_at === current.last_message_at)
    if (!isLast) return null
    const preview = previewOf(message)
    if (preview === current.last_message_preview) return null
    const next = { ...current, last_message_preview: preview }
    this.byId.set(next.id, next)
    return next
  }

  /** After mark_read; returns the conversation when its count changed. */
  markRead(id: number): Conversation | null {
    const current = this.byId.get(id)
    if (!current || current.unread_count === 0) return null
    const next = { ...current, unread_count: 0 }
    this.byId.set(id, next)
    return next
  }

  clear(): void {
    this.byId.clear()
    this.applied.clear()
  }
}

function activity(conversation: Conversation): string {
  return conversation.last_message_at ?? conversation.created_at
}

function sameSummary(a: Conversation | undefined, b: Conversation): boolean {
  return (
    a !== undefined &&
    a.last_message_at === b.last_message_at &&
    a.last_message_preview === b.last_message_preview &&
    a.unread_count === b.unread_count &&
    a.title === b.title &&
    a.participants.length === b.participants.length
  )
}
