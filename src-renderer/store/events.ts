// Main-process events → store updates. Subscribed once per window; returns the unsubscribe.
// The engine (src-shared/client) owns previews, unread counts, typing presence and its
// expiry, outbox states and history paging: this mirrors its events and derives nothing.
import { previewOf } from '../../src-shared/client/conversation-book'
import type { ConnectionStatus, EventPayloads, OutboxItem } from '../../src-shared/ipc/contract'
import type { Message } from '../../src-shared/protocol/types'
import { displayName } from '../conversations/conversationTitle'
import type { StoreContext } from './context'
import { loadConversations, openConversation, upsertConversation } from './conversationActions'
import { loadLatest } from './messageActions'
import { markOwnRead, receiveLive, receiveUpdate } from './historyWindow'
import { onPrefs } from './chatActions'
import { learnServerFeatures, sessionExpired } from './sessionActions'
import type { AppState } from './state'

/** Edits, deletions and reactions: outbox items about a message already sent (`targetId`). */
export function isAction(item: OutboxItem): boolean {
  return item.kind === 'edit' || item.kind === 'delete' || item.kind === 'react'
}

function withoutOutboxFor(state: AppState, message: Message): Record<string, OutboxItem> | null {
  const match = Object.values(state.outbox).find((item) => !isAction(item) &&
    ((message.client_id !== undefined && item.clientId === message.client_id) || item.messageId === message.id))
  if (!match) return null
  const { [match.clientId]: _delivered, ...rest } = state.outbox
  return rest
}

/** A new message: into the open history, out of the outbox; the list row comes as 'conversation'. */
function onMessage(ctx: StoreContext, message: Message): void {
  ctx.set((state) => {
    const patch: Partial<AppState> = {}
    const window = state.histories[message.conversation]
    if (window) patch.histories = { ...state.histories, [message.conversation]: receiveLive(window, message) }
    const outbox = withoutOutboxFor(state, message)
    if (outbox) patch.outbox = outbox
    const mine = message.sender.id === state.session?.user.id
    if (!mine && state.activeId === message.conversation) patch.announcement = `${displayName(message.sender)}: ${previewOf(message)}`
    return patch
  })
}

/** An edit, deletion or reaction applied: the message as it is now, where it is shown. */
function onMessageUpdated(ctx: StoreContext, message: Message): void {
  ctx.set((state) => {
    const window = state.histories[message.conversation]
    const editing = state.editing?.messageId === message.id && message.deleted ? null : state.editing
    return {
      ...(window ? { histories: { ...state.histories, [message.conversation]: receiveUpdate(window, message) } } : {}),
      editing,
    }
  })
}

function onMessageState(ctx: StoreContext, item: OutboxItem): void {
  ctx.set((state) => {
    // An action names the message it acts on in messageId: it is done when main says so.
    const done = item.state === 'sent' || item.state === 'read'
    const delivered = isAction(item) ? done : state.histories[item.conversationId]?.messages.some((m) =>
      (item.messageId !== null && m.id === item.messageId) || m.client_id === item.clientId)
    if (delivered || (done && !state.outbox[item.clientId])) {
      const { [item.clientId]: _done, ...outbox } = state.outbox
      const { [item.clientId]: _upload, ...uploads } = state.uploads
      return { outbox, uploads }
    }
    return { outbox: { ...state.outbox, [item.clientId]: item } }
  })
}

/** The engine says when someone starts and stops typing (its expiry included). */
function onTyping(ctx: StoreContext, event: EventPayloads['typing']): void {
  ctx.set((state) => {
    const others = (state.typing[event.conversationId] ?? []).filter((p) => p.userId !== event.userId)
    if (!event.isTyping) return { typing: { ...state.typing, [event.conversationId]: others } }
    const participant = state.conversations[event.conversationId]?.participants.find((user) => user.id === event.userId)
    const name = participant ? displayName(participant) : event.userEmail
    return { typing: { ...state.typing, [event.conversationId]: [...others, { userId: event.userId, name }] } }
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
  if (status.state === 'open' && ctx.get().session?.features.length === 0) void learnServerFeatures(ctx)
  const recovered = status.state === 'open' && (previous?.state === 'reconnecting' || previous?.state === 'offline')
  if (!recovered) return
  if (status.scope === 'list') void loadConversations(ctx)
  else if (ctx.get().histories[status.scope]) void loadLatest(ctx, status.scope)
}

export function subscribeToMain(ctx: StoreContext): () => void {
  const unsubscribers = [
    ctx.api.on('message', (message) => onMessage(ctx, message)),
    ctx.api.on('message-updated', (message) => onMessageUpdated(ctx, message)),
    ctx.api.on('conversation-prefs', (prefs) => onPrefs(ctx, prefs)),
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
  }
}
