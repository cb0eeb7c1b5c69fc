// Builds the one store for a window around a ParleyApi, and binds the action modules to it.
import { createStore } from 'zustand/vanilla'
import type { StoreApi } from 'zustand/vanilla'
import type { ParleyApi } from '../bridge'
import type { StoreContext } from './context'
import { dismissNotice, pushNotice } from './context'
import * as chat from './chatActions'
import * as conversations from './conversationActions'
import { subscribeToMain } from './events'
import * as messages from './messageActions'
import * as session from './sessionActions'
import type { AppState } from './state'
import { initialState } from './state'

type Bound<F> = F extends (ctx: StoreContext, ...args: infer A) => infer R ? (...args: A) => R : never
type BoundModule<M> = { [K in keyof M]: Bound<M[K]> }

function bind<M extends Record<string, unknown>>(ctx: StoreContext, module: M): BoundModule<M> {
  const bound: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(module)) {
    if (typeof value === 'function' && value.length >= 1) bound[name] = (...args: unknown[]) => value(ctx, ...args)
  }
  return bound as BoundModule<M>
}

export function createActions(ctx: StoreContext) {
  return {
    ...bind(ctx, {
      startSession: session.startSession,
      signIn: session.signIn,
      register: session.register,
      signOut: session.signOut,
      updateSettings: session.updateSettings,
    }),
    ...bind(ctx, {
      loadConversations: conversations.loadConversations,
      openConversation: conversations.openConversation,
      stepConversation: conversations.stepConversation,
      createConversation: conversations.createConversation,
      retryConnection: conversations.retryConnection,
    }),
    ...bind(ctx, {
      loadOlder: messages.loadOlder,
      loadNewer: messages.loadNewer,
      jumpToLatest: messages.jumpToLatest,
      sendText: messages.sendText,
      sendFile: messages.sendFile,
      sendDroppedFile: messages.sendDroppedFile,
      sendClipboardImage: messages.sendClipboardImage,
      pickAndSendFiles: messages.pickAndSendFiles,
      retrySend: messages.retrySend,
      discardSend: messages.discardSend,
      openFile: messages.openFile,
      saveFileAs: messages.saveFileAs,
      openLink: messages.openLink,
    }),
    ...bind(ctx, {
      editMessage: chat.editMessage,
      deleteMessage: chat.deleteMessage,
      react: chat.react,
      startReply: chat.startReply,
      cancelReply: chat.cancelReply,
      startEdit: chat.startEdit,
      stopEdit: chat.stopEdit,
      searchMessages: chat.searchMessages,
      showMessage: chat.showMessage,
      setMuted: chat.setMuted,
      markUnread: chat.markUnread,
    }),
    dismissNotice: (id: number) => dismissNotice(ctx, id),
    notify: (text: string) => pushNotice(ctx, text),
    setTyping: (conversationId: number, isTyping: boolean) => {
      void ctx.api.invoke('conversation:typing', conversationId, isTyping).catch(() => undefined)
    },
    searchUsers: (query: string) => ctx.api.invoke('users:search', query),
    probeServer: (server: string) => ctx.api.invoke('session:probe-server', server),
    listAccounts: () => ctx.api.invoke('accounts:list'),
    appInfo: () => ctx.api.invoke('app:info'),
    /** The bridge itself, for feature panels with their own channels (src-renderer/host). */
    bridge: () => ctx.api,
    /** True in a browser page, where Files are read in-page (pastes carry the image File). */
    readsFilesInPage: () => !ctx.api.pathForFile && Boolean(ctx.api.sendFileObject),
  }
}

export type Actions = ReturnType<typeof createActions>

export interface ParleyStore {
  store: StoreApi<AppState>
  actions: Actions
  /** Starts listening to main and loads the session; returns the teardown. */
  start(): () => void
}

export function createParleyStore(api: ParleyApi): ParleyStore {
  const store = createStore<AppState>()(() => initialState())
  const ctx: StoreContext = { api, set: store.setState, get: store.getState }
  const actions = createActions(ctx)
  return {
    store,
    actions,
    start() {
      const unsubscribe = subscribeToMain(ctx)
      void actions.startSession()
      return unsubscribe
    },
  }
}
