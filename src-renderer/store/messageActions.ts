import type { OutboxItem, SendOptions } from '../../src-shared/ipc/contract'
import type { Message } from '../../src-shared/protocol/types'
import type { StoreContext } from './context'
import { pushNotice } from './context'
import { describeError } from './errors'
import type { HistoryWindow } from './historyWindow'
import {
  appendAfter, appendNewer, atLatest, confirmCached, mergeLatest, nextNewerRef, prependOlder, windowAround, windowFromCache, windowFromLatest,
} from './historyWindow'

function updateWindow(ctx: StoreContext, id: number, change: (window: HistoryWindow) => HistoryWindow): void {
  ctx.set((state) => {
    const window = state.histories[id]
    return window ? { histories: { ...state.histories, [id]: change(window) } } : {}
  })
}

export async function loadLatest(ctx: StoreContext, id: number): Promise<void> {
  updateWindow(ctx, id, (window) => ({ ...window, loading: window.messages.length ? window.loading : 'latest', error: null }))
  try {
    const page = await ctx.api.invoke('messages:history', id)
    updateWindow(ctx, id, (window) => {
      if (window.cached) return confirmCached(window, page.messages, page.hasMore, page.live)
      if (window.messages.length === 0) return windowFromLatest(page.messages, page.hasMore, page.live)
      return mergeLatest(window, page.messages, page.hasMore, page.live)
    })
  } catch (error) {
    updateWindow(ctx, id, (window) => ({ ...window, loading: 'idle', error: describeError(error) }))
  }
}

/** Paints main's cached newest page, unless the live page (or a pushed message) got there first. */
async function showCached(ctx: StoreContext, id: number): Promise<void> {
  let cached: Message[]
  try {
    cached = await ctx.api.invoke('messages:cached', id)
  } catch {
    return // Nothing local to show: the open waits for the live page as before.
  }
  if (cached.length === 0) return
  updateWindow(ctx, id, (window) => (window.loading === 'latest' && window.messages.length === 0 ? windowFromCache(cached) : window))
}

/**
 * Opens a conversation at its newest messages: the live fetch goes out first, the local
 * read beside it (not after), so the cached page paints without waiting on the network and
 * the live page then confirms it in place.
 */
export async function openLatest(ctx: StoreContext, id: number): Promise<void> {
  const live = loadLatest(ctx, id)
  await showCached(ctx, id)
  await live
}

/** Replaces the window by the page around one message (a search result, a reply's original). */
export async function loadAround(ctx: StoreContext, id: number, messageId: number): Promise<void> {
  updateWindow(ctx, id, (window) => ({ ...window, messages: [], droppedNewer: [], hasNewer: false, cached: false, loading: 'latest', error: null }))
  try {
    const page = await ctx.api.invoke('messages:around', id, messageId)
    updateWindow(ctx, id, () => windowAround(page.messages, page.hasMore, page.hasNewer, page.live))
  } catch (error) {
    updateWindow(ctx, id, (window) => ({ ...window, loading: 'idle', error: describeError(error) }))
  }
}

export async function loadOlder(ctx: StoreContext, id: number): Promise<void> {
  const window = ctx.get().histories[id]
  const oldest = window?.messages[0]
  if (!window || !oldest || !window.hasOlder || window.loading !== 'idle') return
  updateWindow(ctx, id, (w) => ({ ...w, loading: 'older' }))
  try {
    const page = await ctx.api.invoke('messages:history', id, oldest.id)
    updateWindow(ctx, id, (w) => (w.messages[0]?.id === oldest.id ? prependOlder(w, page.messages, page.hasMore, page.live) : { ...w, loading: 'idle' }))
  } catch (error) {
    updateWindow(ctx, id, (w) => ({ ...w, loading: 'idle', error: describeError(error) }))
  }
}

/** Refetches the page dropped nearest the window's newest end; at the very end, catches up. */
export async function loadNewer(ctx: StoreContext, id: number): Promise<void> {
  const window = ctx.get().histories[id]
  if (window && window.hasNewer && window.droppedNewer.length === 0) return loadAfter(ctx, id)
  const ref = window ? nextNewerRef(window) : null
  if (!window || !ref || window.loading !== 'idle') return
  updateWindow(ctx, id, (w) => ({ ...w, loading: 'newer' }))
  try {
    const page = await ctx.api.invoke('messages:history', id, ref.lastId + 1)
    updateWindow(ctx, id, (w) => (nextNewerRef(w) === ref ? appendNewer(w, ref, page.messages, page.live) : { ...w, loading: 'idle' }))
    const after = ctx.get().histories[id]
    // Messages that arrived while the newest pages were dropped were not kept: fetch them.
    if (after && atLatest(after)) await loadLatest(ctx, id)
  } catch (error) {
    updateWindow(ctx, id, (w) => ({ ...w, loading: 'idle', error: describeError(error) }))
  }
}

/**
 * Pages on from a window opened around a message: the page around its newest message holds
 * the ones after it (the server pages backwards only, except around a message).
 */
async function loadAfter(ctx: StoreContext, id: number): Promise<void> {
  const window = ctx.get().histories[id]
  const last = window?.messages[window.messages.length - 1]
  if (!window || !last || window.loading !== 'idle') return
  updateWindow(ctx, id, (w) => ({ ...w, loading: 'newer' }))
  try {
    const page = await ctx.api.invoke('messages:around', id, last.id)
    updateWindow(ctx, id, (w) => (w.hasNewer ? appendAfter(w, page.messages, page.hasNewer, page.live) : { ...w, loading: 'idle' }))
    // Caught up: whatever was pushed while the window was elsewhere comes with the latest page.
    const after = ctx.get().histories[id]
    if (after && atLatest(after)) await loadLatest(ctx, id)
  } catch (error) {
    updateWindow(ctx, id, (w) => ({ ...w, loading: 'idle', error: describeError(error) }))
  }
}

/** Drops the window and reloads the newest page (the "Jump to latest" button). */
export async function jumpToLatest(ctx: StoreContext, id: number): Promise<void> {
  const window = ctx.get().histories[id]
  if (window && atLatest(window)) return
  updateWindow(ctx, id, (w) => ({ ...w, messages: [], droppedNewer: [], hasNewer: false, loading: 'latest' }))
  await loadLatest(ctx, id)
}

export async function loadOutbox(ctx: StoreContext, id: number): Promise<void> {
  try {
    const items = await ctx.api.invoke('outbox:list', id)
    ctx.set((state) => {
      const outbox = { ...state.outbox }
      for (const item of items) if (item.state !== 'sent' && item.state !== 'read') outbox[item.clientId] = item
      return { outbox }
    })
  } catch {
    // The outbox is local to main; if it can't be listed the view still works without it.
  }
}

export function trackOutboxItem(ctx: StoreContext, item: OutboxItem | null): void {
  if (!item) return
  ctx.set((state) => ({ outbox: { ...state.outbox, [item.clientId]: item } }))
}

/** A text, with a reply and mentions when given (the composer only offers them when the server does). */
export async function sendText(ctx: StoreContext, id: number, text: string, options?: SendOptions): Promise<boolean> {
  try {
    const hasOptions = options !== undefined && (options.replyTo !== undefined || (options.mentions?.length ?? 0) > 0)
    trackOutboxItem(ctx, await (hasOptions
      ? ctx.api.invoke('messages:send-text', id, text, options)
      : ctx.api.invoke('messages:send-text', id, text)))
    return true
  } catch (error) {
    pushNotice(ctx, `Message not sent: ${describeError(error)}`)
    return false
  }
}

export async function sendFile(ctx: StoreContext, id: number, path: string, caption?: string): Promise<void> {
  try {
    trackOutboxItem(ctx, await ctx.api.invoke('messages:send-file', id, path, caption))
  } catch (error) {
    pushNotice(ctx, `File not sent: ${describeError(error)}`)
  }
}

/** A dropped or pasted File: by path on the desktop (main reads it), read in-page in a browser. */
export async function sendDroppedFile(ctx: StoreContext, id: number, file: File): Promise<void> {
  let path: string | null = null
  try {
    path = ctx.api.pathForFile?.(file) || null
  } catch {
    path = null
  }
  if (path) return sendFile(ctx, id, path)
  if (!ctx.api.sendFileObject) return pushNotice(ctx, `Parley couldn't read ${file.name}. Try the Attach file button instead.`)
  try {
    trackOutboxItem(ctx, await ctx.api.sendFileObject(id, file))
  } catch (error) {
    pushNotice(ctx, `File not sent: ${describeError(error)}`)
  }
}

export async function sendClipboardImage(ctx: StoreContext, id: number): Promise<void> {
  try {
    trackOutboxItem(ctx, await ctx.api.invoke('messages:send-clipboard-image', id))
  } catch (error) {
    pushNotice(ctx, `Image not sent: ${describeError(error)}`)
  }
}

export async function pickAndSendFiles(ctx: StoreContext, id: number): Promise<void> {
  let paths: string[]
  try {
    paths = await ctx.api.invoke('files:pick')
  } catch (error) {
    pushNotice(ctx, describeError(error))
    return
  }
  for (const path of paths) await sendFile(ctx, id, path)
}

export async function retrySend(ctx: StoreContext, clientId: string): Promise<void> {
  try {
    await ctx.api.invoke('outbox:retry', clientId)
  } catch (error) {
    pushNotice(ctx, `Retry failed: ${describeError(error)}`)
  }
}

/** Discard a failed send, or cancel one still uploading. */
export async function discardSend(ctx: StoreContext, clientId: string): Promise<void> {
  try {
    await ctx.api.invoke('outbox:discard', clientId)
    ctx.set((state) => {
      const { [clientId]: _item, ...outbox } = state.outbox
      const { [clientId]: _upload, ...uploads } = state.uploads
      return { outbox, uploads }
    })
  } catch (error) {
    pushNotice(ctx, describeError(error))
  }
}

export async function openFile(ctx: StoreContext, conversationId: number, messageId: number): Promise<void> {
  try {
    await ctx.api.invoke('files:open', conversationId, messageId)
  } catch (error) {
    pushNotice(ctx, `Couldn't open the file: ${describeError(error)}`)
  }
}

export async function saveFileAs(ctx: StoreContext, conversationId: number, messageId: number): Promise<void> {
  try {
    await ctx.api.invoke('files:save-as', conversationId, messageId)
  } catch (error) {
    pushNotice(ctx, `Couldn't save the file: ${describeError(error)}`)
  }
}

export async function openLink(ctx: StoreContext, url: string): Promise<void> {
  try {
    const opened = await ctx.api.invoke('links:open', url)
    if (!opened) pushNotice(ctx, 'Parley only opens web and email links.')
  } catch (error) {
    pushNotice(ctx, describeError(error))
  }
}
