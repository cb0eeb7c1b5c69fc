// Main-process events → store updates. Subscribed once per window; returns the unsubscribe.
import type { ConnectionStatus, EventPayloads, OutboxItem } from '../../src-shared/ipc/contract'
import type { Message } from '../../src-shared/protocol/types'
import { displayName } from '../conversations/conversationTitle'
import type { StoreContext } from './context'
import { loadConversations, openConversation, upsertConversation } from './conversationActions'
import { loadLatest } from './messageActions'
import { markOwnRead, receiveLive } from './historyWindow'
import { sessionExpired } from './sessionActions'
import type { AppState } from './state'

/** How long a "typing" lasts without a refresh; senders refresh every few seconds. */
export const TYPING_TTL_MS = 6000

function previewOf(message: Message): string {
  if (message.message_type === 'file' && message.file_attachment) return `📎 ${message.file_attachment.filename}`
  return message.content.length > 80 ? `${message.content.slice(0, 80)}…` : message.content
}

function withoutOutboxFor(state: AppState, message: Message): Record<string, OutboxItem> | null {
  const match = Object.values(state.outbox).find((item) =>
    (message.client_id !== undefined && item.clientId === message.client_id) || item.messageId === message.id)
  if (!match) return null
  const { [match.clientId]: _delivered, ...rest } = state.outbox
  return rest
}

function onMessage(ctx: StoreContext, message: Message): void {
  ctx.set((state) => {
    const meId = state.session?.user.id
    const mine = message.sender.id === meId
    const patch: Partial<AppState> = {}
    const window = state.histories[message.conversation]
    if (window) patch.histories = { ...state.histories, [message.conversation]: receiveLive(window, message) }
    const outbox = withoutOutboxFor(state, message)
    if (outbox) patch.outbox = outbox
    const conversation = state.conversations[message.conversation]
    const isActive = state.activeId === message.conversation
    if (conversation && (!conversation.last_message_at || message.created_at >= conversation.last_message_at)) {
      patch.conversations = {
        ...state.conversations,
        [conversation.id]: {
          ...conversation,
          last_message_at: message.created_at,
          last_message_preview: previewOf(message),
          last_message_sender_id: message.sender.id,
          unread_count: mine || isActive ? conversation.unread_count : conversation.unread_count + 1,
        },
      }
    }
    if (!mine && isActive) patch.announcement = `${displayName(message.sender)}: ${previewOf(message)}`
    return patch
  })
}

function onMessageState(ctx: StoreContext, item: OutboxItem): void {
  ctx.set((state) => {
    const delivered = state.histories[item.conversationId]?.messages.some((m) =>
      (item.messageId !== null && m.id === item.messageId) || m.client_id === item.clientId)
    if (delivered || ((item.state === 'sent' || item.state === 'read') && !state.outbox[item.clientId])) {
      const { [item.clientId]: _done, ...outbox } = state.outbox
      const { [item.clientId]: _upload, ...uploads } = state.uploads
      return { outbox, uploads }
    }
    return { outbox: { ...state.outbox, [item.clientId]: item } }
  })
}

const typingTimers = new Map<string, ReturnType<typeof setTimeout>>()

function onTyping(ctx: StoreContext, event: EventPayloads['typing']): void {
  const key = `${event.conversationId}:${event.userId}`
  clearTimeout(typingTimers.get(key))
  typingTimers.delete(key)
  const remove = () => ctx.set((state) => ({
    typing: { ...state.typing, [event.conversationId]: (state.typing[event.conversationId] ?? []).filter((p) => p.userId !== event.userId) },
  }))
  if (!event.isTyping) {
    remove()
    return
  }
  typingTimers.set(key, setTimeout(() => { typingTimers.delete(key); remove() }, TYPING_TTL_MS))
  ctx.set((state) => {
    const participant = state.conversations[event.conversationId]?.participants.find((user) => user.id === event.userId)
    const name = participant ? displayName(participant) : event.userEmail
    const others = (state.typing[event.conversationId] ?? []).filter((p) => p.userId !== event.userId)
    return { typing: { ...state.typing, [event.conversationId]: [...others, { userId: event.userId, name, expiresAt: Date.now() + TYPING_TTL_MS }] } }
  })
}

function onReceipt(ctx: StoreContext, event: EventPayloads['receipt']): void {
  ctx.set((state) => {
    const window = state.histories[event.conversationId]
    const meId = state.session?.user.id
    if (!window || meId === undefined || event.userId === meId) return {}
    return { histories: { ...state.histories, [event.conversationId]: markOwnRead(window, meId) } }
  })
}

/** Back online after an outage: refetch what may have been missed while away. */
function onConnection(ctx: StoreContext, status: ConnectionStatus): void {
  const key = String(status.scope)
  const previous = ctx.get().connection[key]
  ctx.set((state) => ({ connection: { ...state.connection, [key]: status } }))
  const recovered = status.state === 'open' && (previous?.state === 'reconnecting' || previous?.state === 'offline')
  if (!recovered) return
  if (status.scope === 'list') void loadConversations(ctx)
  else if (ctx.get().histories[status.scope]) void loadLatest(ctx, status.scope)
}

export function subscribeToMain(ctx: StoreContext): () => void {
  const unsubscribers = [
    ctx.api.on('message', (message) => onMessage(ctx, message)),
    ctx.api.on('message-state', (item) => onMessageState(ctx, item)),
    ctx.api.on('typing', (event) => onTyping(ctx, event)),
    ctx.api.on('receipt', (event) => onReceipt(ctx, event)),
    ctx.api.on('connection', (status) => onConnection(ctx, status)),
    ctx.api.on('upload-progress', (progress) => ctx.set((state) => ({ uploads: { ...state.uploads, [progress.clientId]: progress } }))),
    ctx.api.on('conversation', (conversation) => upsertConversation(ctx, conversation)),
    ctx.api.on('session-expired', (event) => sessionExpired(ctx, event.server, event.reason)),
    ctx.api.on('open-conversation', (event) => openConversation(ctx, event.conversationId)),
  ]
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe()
    for (const timer of typingTimers.values()) clearTimeout(timer)
    typingTimers.clear()
  }
}
