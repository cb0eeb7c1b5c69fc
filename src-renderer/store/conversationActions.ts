import type { Conversation } from '../../src-shared/protocol/types'
import { sortByActivity } from '../conversations/conversationTitle'
import type { StoreContext } from './context'
import { pushNotice } from './context'
import { describeError } from './errors'
import { emptyWindow } from './historyWindow'
import { loadAround, loadOutbox, openLatest } from './messageActions'

export async function loadConversations(ctx: StoreContext): Promise<void> {
  try {
    const list = await ctx.api.invoke('conversations:list')
    const conversations: Record<number, Conversation> = {}
    for (const conversation of list.conversations) conversations[conversation.id] = conversation
    ctx.set({ conversations, conversationsLoaded: true, conversationsLive: list.live, conversationsError: null })
  } catch (error) {
    ctx.set({ conversationsLoaded: true, conversationsError: describeError(error) })
  }
}

export function upsertConversation(ctx: StoreContext, conversation: Conversation): void {
  ctx.set((state) => ({ conversations: { ...state.conversations, [conversation.id]: conversation } }))
}

export function sortedConversations(conversations: Record<number, Conversation>): Conversation[] {
  return sortByActivity(Object.values(conversations))
}

/**
 * Shows a conversation: tells main it is being viewed (the engine marks it read) and loads
 * history: the newest page, or the page around message `at`.
 */
export function openConversation(ctx: StoreContext, id: number | null, at?: number): void {
  const state = ctx.get()
  if (state.activeId === id) return
  const keep = new Set([id, state.activeId].filter((value): value is number => value !== null))
  const histories = Object.fromEntries(Object.entries(state.histories).filter(([key]) => keep.has(Number(key))))
  // One store update (one render) for the switch, the empty window included. The unread
  // count is the engine's: it clears it (and says so) when it marks the conversation read.
  if (id !== null && (!histories[id] || at !== undefined)) histories[id] = emptyWindow()
  ctx.set({ activeId: id, histories, editing: null })
  if (id !== null) {
    // History first: it is what the reader waits for; the presence hint (which makes main
    // open the conversation's socket) and the outbox can follow it into main.
    void (at === undefined ? openLatest(ctx, id) : loadAround(ctx, id, at))
  }
  void ctx.api.invoke('conversation:view', id).catch(() => undefined)
  if (id !== null) void loadOutbox(ctx, id)
}

/** Moves to the previous (-1) or next (+1) conversation in list order. */
export function stepConversation(ctx: StoreContext, delta: -1 | 1): void {
  const list = sortedConversations(ctx.get().conversations)
  if (list.length === 0) return
  const index = list.findIndex((conversation) => conversation.id === ctx.get().activeId)
  const nextIndex = index < 0 ? 0 : Math.min(list.length - 1, Math.max(0, index + delta))
  openConversation(ctx, list[nextIndex]!.id)
}

export async function createConversation(ctx: StoreContext, userIds: number[]): Promise<string | null> {
  try {
    const conversation = await ctx.api.invoke('conversations:create', userIds)
    upsertConversation(ctx, conversation)
    openConversation(ctx, conversation.id)
    return null
  } catch (error) {
    return describeError(error)
  }
}

export async function retryConnection(ctx: StoreContext): Promise<void> {
  try {
    await ctx.api.invoke('connection:retry-now')
  } catch (error) {
    pushNotice(ctx, describeError(error))
  }
}
