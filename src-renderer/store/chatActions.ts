// The chat extensions' actions: edit, delete, react (each an outbox item in main, queued
// offline), replies and edits being composed, search and opening a conversation at a
// message, and this device's mute and marked-unread choices.
import type { ConversationPrefs, SearchQuery, SearchResults } from '../../src-shared/ipc/contract'
import type { Message } from '../../src-shared/protocol/types'
import type { StoreContext } from './context'
import { pushNotice } from './context'
import { openConversation } from './conversationActions'
import { describeError } from './errors'
import { loadAround, trackOutboxItem } from './messageActions'

export async function editMessage(ctx: StoreContext, conversationId: number, messageId: number, text: string, mentions?: number[]): Promise<void> {
  ctx.set({ editing: null })
  try {
    trackOutboxItem(ctx, await (mentions
      ? ctx.api.invoke('messages:edit', conversationId, messageId, text, mentions)
      : ctx.api.invoke('messages:edit', conversationId, messageId, text)))
  } catch (error) {
    pushNotice(ctx, `Edit not saved: ${describeError(error)}`)
  }
}

export async function deleteMessage(ctx: StoreContext, conversationId: number, messageId: number): Promise<void> {
  try {
    trackOutboxItem(ctx, await ctx.api.invoke('messages:delete', conversationId, messageId))
  } catch (error) {
    pushNotice(ctx, `Message not deleted: ${describeError(error)}`)
  }
}

export async function react(ctx: StoreContext, conversationId: number, messageId: number, emoji: string, on: boolean): Promise<void> {
  try {
    trackOutboxItem(ctx, await ctx.api.invoke('messages:react', conversationId, messageId, emoji, on))
  } catch (error) {
    pushNotice(ctx, `Reaction not saved: ${describeError(error)}`)
  }
}

export function startReply(ctx: StoreContext, message: Message): void {
  ctx.set((state) => ({ replyingTo: { ...state.replyingTo, [message.conversation]: message }, editing: null }))
}

export function cancelReply(ctx: StoreContext, conversationId: number): void {
  ctx.set((state) => {
    const { [conversationId]: _done, ...replyingTo } = state.replyingTo
    return { replyingTo }
  })
}

export function startEdit(ctx: StoreContext, conversationId: number, messageId: number): void {
  ctx.set({ editing: { conversationId, messageId } })
}

export function stopEdit(ctx: StoreContext): void {
  ctx.set({ editing: null })
}

export type SearchOutcome = { results: SearchResults; error: null } | { results: null; error: string }

export async function searchMessages(ctx: StoreContext, query: SearchQuery): Promise<SearchOutcome> {
  try {
    return { results: await ctx.api.invoke('messages:search', query), error: null }
  } catch (error) {
    return { results: null, error: describeError(error) }
  }
}

/**
 * Opens a conversation at one message and highlights it: in place when it is already
 * loaded, else with the page of history around it.
 */
export async function showMessage(ctx: StoreContext, conversationId: number, messageId: number): Promise<void> {
  const held = ctx.get().histories[conversationId]?.messages.some((message) => message.id === messageId) ?? false
  const focus = () => ctx.set((state) => ({ focused: { conversationId, messageId, seq: (state.focused?.seq ?? 0) + 1 } }))
  if (ctx.get().activeId !== conversationId) openConversation(ctx, conversationId, held ? undefined : messageId)
  else if (!held) await loadAround(ctx, conversationId, messageId)
  focus()
}

function storePrefs(ctx: StoreContext, prefs: ConversationPrefs): void {
  ctx.set((state) => ({ prefs: { ...state.prefs, [prefs.conversationId]: prefs } }))
}

export async function loadPrefs(ctx: StoreContext): Promise<void> {
  try {
    const list = await ctx.api.invoke('conversation:prefs')
    ctx.set({ prefs: Object.fromEntries(list.map((prefs) => [prefs.conversationId, prefs])) })
  } catch {
    // Without them every conversation shows as not muted; the next change event corrects it.
  }
}

export async function setMuted(ctx: StoreContext, conversationId: number, muted: boolean): Promise<void> {
  try {
    storePrefs(ctx, await ctx.api.invoke('conversation:set-muted', conversationId, muted))
  } catch (error) {
    pushNotice(ctx, `${muted ? 'Mute' : 'Unmute'} failed: ${describeError(error)}`)
  }
}

/** Marking the open conversation unread also leaves it: it stays unread until opened again. */
export async function markUnread(ctx: StoreContext, conversationId: number): Promise<void> {
  if (ctx.get().activeId === conversationId) openConversation(ctx, null)
  try {
    storePrefs(ctx, await ctx.api.invoke('conversation:set-unread', conversationId, true))
  } catch (error) {
    pushNotice(ctx, `Couldn't mark it unread: ${describeError(error)}`)
  }
}

export function onPrefs(ctx: StoreContext, prefs: ConversationPrefs): void {
  storePrefs(ctx, prefs)
}
