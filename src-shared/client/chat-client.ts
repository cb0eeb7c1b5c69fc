// The facade the Electron main process and the browser bridge both use: one signed-in
// session on one server, its sockets, its outbox, its conversation list, and events
// shaped as EngineEvents (types.ts), which the IPC contract forwards as they are.
import type { AuthTokens, Conversation, Message, ServerInfo, User } from '../protocol/types'
import { FEATURES, type Feature } from '../protocol/types'
import { backoffDelay } from './backoff'
import { Connection, type ConnectionDeps } from './connection'
import { ConversationBook } from './conversation-book'
import { ConversationChannel } from './conversation-channel'
import { ConversationPrefsBook } from './conversation-prefs'
import { defaultRandomId, systemClock, type ChatClientDeps, type FileSource } from './deps'
import { EventHub } from './emitter'
import { parleyError, sessionExpired } from './errors'
import { declaredExtensions } from './extensions'
import { jwtExpiresAt } from './jwt'
import { historyAround, searchMessages } from './message-lookup'
import { defaultOptions, type EngineOptions } from './options'
import { Outbox, type OutboxEntry } from './outbox'
import { AuthedRest, login, probeServer, register, type Registration, type RestDeps } from './rest'
import { normalizeServerUrl, socketUrl } from './server-url'
import { RemoteTyping } from './typing'
import type {
  ClientSession, ConversationList, ConversationPrefs, EngineEvent, EngineEvents, HistoryPage, OutboxItem, SearchQuery, SearchResults, SendOptions, ServerProbe,
} from './types'

export type { ClientSession }

/** Messages per history page: the engine's, and the page main's cache paints on open. */
export const HISTORY_PAGE_SIZE = 50
const MAX_TEXT_CHARS = 64 * 1024
const MARK_READ_DELAY_MS = 300

/** Why an action is refused when the server does not offer its feature. */
const UNSUPPORTED: Partial<Record<Feature, string>> = {
  [FEATURES.edit]: 'This server does not support editing messages.',
  [FEATURES.delete]: 'This server does not support deleting messages.',
  [FEATURES.reactions]: 'This server does not support reactions.',
  [FEATURES.reply]: 'This server does not support replies.',
  [FEATURES.mentions]: 'This server does not support mentions.',
  [FEATURES.search]: 'This server does not support searching messages.',
}

export type ChatClient = ReturnType<typeof createChatClient>

export function createChatClient(deps: ChatClientDeps) {
  const clock = deps.clock ?? systemClock
  const randomId = deps.randomId ?? defaultRandomId
  const log = deps.log ?? (() => {})
  const options: EngineOptions = { ...defaultOptions, ...deps.options }
  const restDeps: RestDeps = { fetch: deps.fetch, clock }
  const hub = new EventHub((event, error) => log('error', 'listener.failed', { event, error: String(error) }))
  const connectionDeps: ConnectionDeps = { WebSocket: deps.WebSocket, clock, options, log }
  const emit = <E extends EngineEvent>(event: E, payload: EngineEvents[E]) => hub.emit(event, payload)

  const outbox = new Outbox(deps.outboxStorage ?? null, (item) => emit('message-state', item), log)
  const book = new ConversationBook()
  const prefs = new ConversationPrefsBook(deps.prefsStorage ?? null, (changed) => emit('conversation-prefs', changed), log)
  const channels = new Map<number, ConversationChannel>()
  const remoteTyping = new RemoteTyping(clock, options.remoteTypingTtlMs, (change) => emit('typing', change))
  let session: ClientSession | null = null
  let rest: AuthedRest | null = null
  let listSocket: Connection | null = null
  let listTimer: unknown = null
  /** The session's server answered the question of what it is (a Parley, a seed or an unknown server); false while it has not been reached. */
  let serverAnswered = false
  let viewing: number | null = null
  let focused = true
  const markReadTimers = new Map<number, unknown>()

  function requireSession(): { session: ClientSession; rest: AuthedRest } {
    if (!session || !rest) throw parleyError('unauthorized', 'Not signed in.')
    if (rest.isExpired) throw sessionExpired()
    return { session, rest }
  }

  function serverOrThrow(input: string): string {
    const server = normalizeServerUrl(input)
    if (!server) throw parleyError('invalid-argument', 'Enter a server address such as 192.168.1.20:8000')
    return server
  }

  // ---- session ----

  async function start(server: string, user: User, tokens: AuthTokens): Promise<ClientSession> {
    await stopSession()
    const probe = await probeServer(restDeps, server)
    serverAnswered = probe.reached
    const info: ServerInfo | undefined = probe.info
    session = {
      server,
      user,
      tokens,
      features: info?.features ?? [],
      limits: { maxFileBytes: info?.limits?.max_file_bytes ?? null, chunkThresholdBytes: options.chunkThresholdBytes },
    }
    const current = session
    rest = new AuthedRest({
      ...restDeps,
      server,
      tokens,
      ext: () => declaredExtensions(current.features),
      onTokens: (next) => {
        current.tokens = next
        deps.onTokens?.(next, current.user)
      },
      onExpired: (reason) => {
        emit('session-expired', { server, reason })
        for (const channel of channels.values()) channel.stop()
        listSocket?.stop()
      },
    })
    deps.onTokens?.(tokens, user)
    await outbox.load(server, user.id)
    await prefs.load({ server, userId: user.id })
    if (current.features.includes(FEATURES.conversationsSocket)) startListSocket()
    const listed = await refreshList().then(() => true, (error: unknown) => {
      log('warn', 'list.refresh_failed', { error: String(error) })
      return false
    })
    // Without a list socket the list is polled; a first refresh that failed (the server not
    // reachable yet: a laptop waking, Wi-Fi still joining) is retried with backoff, not a
    // whole poll interval later.
    if (session === current && !listSocket) scheduleListRefresh(pollFailures(listed, 0))
    reconcileChannels()
    return { ...current }
  }

  async function stopSession(): Promise<void> {
    for (const channel of channels.values()) channel.stop()
    channels.clear()
    listSocket?.stop()
    listSocket = null
    if (listTimer !== null) clock.clearTimeout(listTimer)
    listTimer = null
    for (const timer of markReadTimers.values()) clock.clearTimeout(timer)
    markReadTimers.clear()
    remoteTyping.dispose()
    await outbox.flushStorage()
    await prefs.flushStorage()
    outbox.clear()
    prefs.clear()
    book.clear()
    session = null
    rest = null
  }

  async function accessToken(): Promise<string> {
    const { rest: api } = requireSession()
    const expiresAt = jwtExpiresAt(api.accessToken)
    if (expiresAt !== null && expiresAt - clock.now() < 10_000) return api.refreshAccess()
    return api.accessToken
  }

  async function onUnauthorized(): Promise<boolean> {
    if (!rest) return false
    try {
      await rest.refreshAccess()
      return true
    } catch (error) {
      if (rest.isExpired) return false
      throw error
    }
  }

  // ---- conversation list ----

  async function refreshList(): Promise<Conversation[]> {
    const { rest: api } = requireSession()
    const conversations = await api.conversations()
    for (const changed of book.replaceAll(conversations)) emit('conversation', changed)
    return book.list()
  }

  /**
   * The next list poll: every listRefreshMs, or after `failures` failed polls in a row
   * sooner, with the reconnect backoff. A session started without reaching the server asks
   * what it is first (once it answers, never again: a seed server has no extensions to
   * learn) and, offered a list socket, opens it.
   */
  function scheduleListRefresh(failures: number): void {
    const delay = failures === 0 ? options.listRefreshMs : backoffDelay({ baseMs: options.backoffBaseMs, capMs: options.backoffCapMs }, failures)
    listTimer = clock.setTimeout(() => {
      listTimer = null
      const current = session
      if (!current || rest?.isExpired) return
      const learned = serverAnswered
        ? Promise.resolve()
        : probeServer(restDeps, current.server).then((probe) => {
          serverAnswered = probe.reached
          learnFeatures(probe.info?.features ?? [])
        })
      learned
        .then(() => refreshList())
        .then(() => {
          reconcileChannels()
          return pollFailures(true, failures)
        }, (error: unknown) => {
          log('debug', 'list.refresh_failed', { error: String(error) })
          return pollFailures(false, failures)
        })
        .then((next) => {
          if (session === current && !listSocket && listTimer === null) scheduleListRefresh(next)
        })
    }, delay)
  }

  /**
   * Failed polls in a row after this one. A server that has not yet answered what it is
   * counts as not reached even when its list answered (it came up between the two
   * requests): its extensions, and the list socket that ends the polling, are still to be
   * learned, so it is asked again with backoff, not a whole poll interval later.
   */
  function pollFailures(listed: boolean, failures: number): number {
    return listed && serverAnswered ? 0 : failures + 1
  }

  /** A session started without reaching the server learns its extensions later (the info probe, or the first socket's greeting). */
  function learnFeatures(features: readonly string[]): void {
    if (!session || session.features.length || features.length === 0) return
    session.features = [...features]
    if (features.includes(FEATURES.conversationsSocket) && !listSocket) {
      if (listTimer !== null) clock.clearTimeout(listTimer)
      listTimer = null
      startListSocket()
    }
  }

  function startListSocket(): void {
    const { session: current } = requireSession()
    listSocket = new Connection('list', connectionDeps, {
      url: async () => socketUrl(current.server, '/ws/conversations/', await accessToken(), declaredExtensions(current.features)),
      onReady: () => {
        void refreshList().then(() => reconcileChannels(), () => {})
      },
      onEvent: (event) => {
        if (event.kind !== 'conversation') return
        if (book.put(event.conversation, event.message)) emit('conversation', event.conversation)
        if (event.message) channelFor(event.conversation.id).external(event.message)
      },
      onDown: () => {},
      onUnauthorized,
      onNotFound: () => {},
      onStatus: (status) => emit('connection', status),
    })
    listSocket.start()
  }

  function onMessage(message: Message): void {
    const me = session?.user.id
    const fromOther = message.sender.id !== me
    const attended = viewing === message.conversation && focused
    const updated = book.applyMessage(message, fromOther && !attended)
    emit('message', message)
    if (fromOther) remoteTyping.clear(message.conversation, message.sender.id)
    if (updated) emit('conversation', updated)
    else if (!book.get(message.conversation)) void fetchConversation(message.conversation)
    if (fromOther && attended) scheduleMarkRead(message.conversation)
  }

  function onUpdated(message: Message): void {
    emit('message-updated', message)
    // With a list socket the server sends conversation_updated when the preview changed.
    const updated = listSocket ? null : book.applyUpdate(message)
    if (updated) emit('conversation', updated)
  }

  async function fetchConversation(id: number): Promise<void> {
    try {
      const conversation = await requireSession().rest.conversation(id)
      if (book.put(conversation)) emit('conversation', conversation)
      reconcileChannels()
    } catch (error) {
      log('debug', 'conversation.fetch_failed', { conversation: id, error: String(error) })
    }
  }

  // ---- channels ----

  function channelFor(conversationId: number): ConversationChannel {
    let channel = channels.get(conversationId)
    if (channel) return channel
    const { session: current, rest: api } = requireSession()
    channel = new ConversationChannel(conversationId, {
      connection: connectionDeps,
      rest: api,
      outbox,
      userId: current.user.id,
      base64: deps.base64,
      sessionFeatures: current.features,
      chunkThresholdBytes: current.limits.chunkThresholdBytes,
      openFile: async (entry) => (entry.fileRef && deps.openFile ? await deps.openFile(entry.fileRef) : null),
      accessToken,
      onUnauthorized,
      message: onMessage,
      updated: onUpdated,
      ext: () => declaredExtensions(current.features),
      typing: (conversation, userId, userEmail, isTyping) => remoteTyping.update({ conversationId: conversation, userId, userEmail, isTyping }),
      typingEnded: (conversation) => remoteTyping.clear(conversation),
      receipt: (conversation, userId) => emit('receipt', { conversationId: conversation, userId }),
      status: (status) => emit('connection', status),
      upload: (progress) => emit('upload-progress', progress),
      notFound: (conversation) => log('info', 'conversation.unavailable', { conversation }),
      serverFeatures: learnFeatures,
    })
    channels.set(conversationId, channel)
    return channel
  }

  /** Holds sockets for the viewed conversation, ones with unsent items and, without a list socket, the most recent. */
  function reconcileChannels(): void {
    if (!session || rest?.isExpired) return
    const wanted = new Set<number>(outbox.conversationsWithPending())
    if (viewing !== null) wanted.add(viewing)
    if (!listSocket) for (const conversation of book.list().slice(0, options.watchRecent)) wanted.add(conversation.id)
    for (const id of wanted) channelFor(id).start()
    for (const [id, channel] of channels) if (!wanted.has(id)) channel.connection.stop()
  }

  function scheduleMarkRead(conversationId: number): void {
    if (markReadTimers.has(conversationId)) return
    markReadTimers.set(
      conversationId,
      clock.setTimeout(() => {
        markReadTimers.delete(conversationId)
        if (viewing !== conversationId || !focused || !session) return
        const updated = book.markRead(conversationId)
        if (updated) emit('conversation', updated)
        if (channels.get(conversationId)?.markRead()) return
        rest?.markRead(conversationId).catch((error: unknown) => log('debug', 'mark_read.failed', { error: String(error) }))
      }, MARK_READ_DELAY_MS),
    )
  }

  function requireFeature(feature: Feature): void {
    if (!requireSession().session.features.includes(feature)) throw parleyError('forbidden', UNSUPPORTED[feature] ?? 'This server does not support that.')
  }

  /** reply_to / mentions of a new message, each refused in words when not offered. */
  function sendFields(options: SendOptions = {}): Pick<OutboxItem, 'replyTo' | 'mentions'> {
    if (options.replyTo !== undefined) requireFeature(FEATURES.reply)
    const mentions = [...new Set(options.mentions ?? [])]
    if (mentions.length) requireFeature(FEATURES.mentions)
    return { replyTo: options.replyTo ?? null, mentions }
  }

  function checkText(text: string): void {
    if (text.length > MAX_TEXT_CHARS) throw parleyError('too-large', 'This message is too long. Send it as a file instead.')
  }

  type ItemFields = Pick<OutboxItem, 'kind'> & Partial<Pick<OutboxItem, 'text' | 'replyTo' | 'mentions' | 'targetId' | 'reaction'>>

  function enqueue(conversationId: number, fields: ItemFields, source: FileSource | null = null, fileRef: string | null = null): OutboxItem {
    const { session: current } = requireSession()
    const item: OutboxItem = {
      clientId: randomId(),
      conversationId,
      text: '',
      file: source ? { name: source.name, size: source.size, type: source.type || 'application/octet-stream' } : null,
      state: 'queued',
      error: null,
      // An action names its target from the start (types.ts).
      messageId: fields.targetId ?? null,
      createdAt: new Date(clock.now()).toISOString(),
      replyTo: null,
      mentions: [],
      targetId: null,
      reaction: null,
      ...fields,
    }
    const entry = outbox.add({ item, fileRef, afterMessageId: null, server: current.server, userId: current.user.id }, source)
    const channel = channelFor(conversationId)
    if (item.kind === 'text' || item.kind === 'file') channel.setTyping(false)
    reconcileChannels()
    channel.kick()
    return { ...entry.item }
  }

  function entryOrThrow(clientId: string): OutboxEntry {
    const entry = outbox.get(clientId)
    if (!entry) throw parleyError('not-found', 'That message is no longer in the outbox.')
    return entry
  }

  function eachConnection(action: (connection: Connection) => void): void {
    for (const channel of channels.values()) action(channel.connection)
    if (listSocket) action(listSocket)
  }

  return {
    on: hub.on.bind(hub),

    get session(): ClientSession | null {
      return session ? { ...session } : null
    },

    async probeServer(input: string): Promise<ServerProbe> {
      const { info: _info, reached: _reached, ...probe } = await probeServer(restDeps, serverOrThrow(input))
      return probe
    },

    async signIn(credentials: { server: string; email: string; password: string }): Promise<ClientSession> {
      const server = serverOrThrow(credentials.server)
      const auth = await login(restDeps, server, credentials.email.trim(), credentials.password)
      return start(server, auth.user, auth.tokens)
    },

    async register(form: Registration & { server: string }): Promise<ClientSession> {
      const server = serverOrThrow(form.server)
      const auth = await register(restDeps, server, { ...form, email: form.email.trim() })
      return start(server, auth.user, auth.tokens)
    },

    /** Restores a saved session. Without `user` the profile is fetched (which needs the server). */
    async resume(saved: { server: string; tokens: AuthTokens; user?: User }): Promise<ClientSession> {
      const server = serverOrThrow(saved.server)
      let user = saved.user
      if (!user) {
        let latest = saved.tokens
        const probe = new AuthedRest({ ...restDeps, server, tokens: saved.tokens, onTokens: (t) => (latest = t), onExpired: () => {} })
        user = await probe.profile()
        saved = { ...saved, tokens: latest }
      }
      return start(server, user, saved.tokens)
    },

    async signOut(): Promise<void> {
      await stopSession()
    },

    async listConversations(): Promise<ConversationList> {
      try {
        return { conversations: await refreshList(), live: true }
      } finally {
        reconcileChannels()
      }
    },

    async createConversation(participantIds: number[]): Promise<Conversation> {
      const conversation = await requireSession().rest.createConversation(participantIds)
      if (book.put(conversation)) emit('conversation', conversation)
      return conversation
    },

    async searchUsers(query: string): Promise<User[]> {
      return requireSession().rest.searchUsers(query.trim())
    },

    async history(conversationId: number, beforeId?: number): Promise<HistoryPage> {
      const messages = await requireSession().rest.messages(conversationId, { limit: HISTORY_PAGE_SIZE, ...(beforeId ? { before: beforeId } : {}) })
      channelFor(conversationId).noteKnown(messages, beforeId === undefined)
      return { messages, live: true, hasMore: messages.length >= HISTORY_PAGE_SIZE, hasNewer: false }
    },

    /** A page of history around one message (message-lookup.ts). */
    async historyAround(conversationId: number, messageId: number): Promise<HistoryPage> {
      const { session: current, rest: api } = requireSession()
      const channel = channelFor(conversationId)
      return historyAround(conversationId, messageId, {
        rest: api,
        withAround: current.features.includes(FEATURES.search),
        pageSize: HISTORY_PAGE_SIZE,
        lastMessageAt: book.get(conversationId)?.last_message_at ?? null,
        noteKnown: (messages, isNewestPage) => channel.noteKnown(messages, isNewestPage),
      })
    },

    /** Full-text search (live); offline, the host's cached messages (live: false) when it has any. */
    async search(query: SearchQuery): Promise<SearchResults> {
      const { session: current, rest: api } = requireSession()
      const cache = deps.searchCache ?? null
      // Started offline, the server's features are not known yet: the cache can still answer.
      if (!(current.features.length === 0 && cache)) requireFeature(FEATURES.search)
      return searchMessages(query, { rest: api, live: current.features.includes(FEATURES.search), cache })
    },

    sendText(conversationId: number, text: string, options?: SendOptions): OutboxItem {
      if (!text.trim()) throw parleyError('invalid-argument', 'Type a message first.')
      checkText(text)
      return enqueue(conversationId, { kind: 'text', text, ...sendFields(options) })
    },

    sendFile(conversationId: number, source: FileSource, caption = '', fileRef: string | null = null, options?: SendOptions): OutboxItem {
      if (!source.name || source.size <= 0) throw parleyError('invalid-argument', 'This file is empty.')
      const max = requireSession().session.limits.maxFileBytes
      if (max !== null && source.size > max) throw parleyError('too-large', `This file is larger than the server allows (${Math.floor(max / (1024 * 1024))} MB).`)
      return enqueue(conversationId, { kind: 'file', text: caption, ...sendFields(options) }, source, fileRef)
    },

    /** A new text for one's own message (a file's caption may become empty); the server checks ownership. */
    editMessage(conversationId: number, messageId: number, text: string, mentions: number[] = []): OutboxItem {
      requireFeature(FEATURES.edit)
      checkText(text)
      const unique = [...new Set(mentions)]
      if (unique.length) requireFeature(FEATURES.mentions)
      return enqueue(conversationId, { kind: 'edit', targetId: messageId, text, mentions: unique })
    },

    deleteMessage(conversationId: number, messageId: number): OutboxItem {
      requireFeature(FEATURES.delete)
      return enqueue(conversationId, { kind: 'delete', targetId: messageId })
    },

    /** Adds (on) or removes one's reaction; the server checks it is one emoji. */
    react(conversationId: number, messageId: number, emoji: string, on: boolean): OutboxItem {
      requireFeature(FEATURES.reactions)
      return enqueue(conversationId, { kind: 'react', targetId: messageId, reaction: { emoji, on } })
    },

    /** This device's mute and marked-unread choices (only conversations with one set). */
    conversationPrefs(): ConversationPrefs[] {
      requireSession()
      return prefs.list()
    },

    setMuted(conversationId: number, muted: boolean): ConversationPrefs {
      requireSession()
      return prefs.set(conversationId, { muted })
    },

    setMarkedUnread(conversationId: number, markedUnread: boolean): ConversationPrefs {
      requireSession()
      return prefs.set(conversationId, { markedUnread })
    },

    retry(clientId: string): void {
      const entry = entryOrThrow(clientId)
      if (entry.item.state !== 'failed') return
      outbox.setState(entry, 'queued')
      reconcileChannels()
      channelFor(entry.item.conversationId).kick()
    },

    discard(clientId: string): void {
      const entry = entryOrThrow(clientId)
      channels.get(entry.item.conversationId)?.cancel(entry)
      outbox.remove(clientId)
      reconcileChannels()
    },

    outbox(conversationId: number): OutboxItem[] {
      return outbox.pending(conversationId).map((entry) => ({ ...entry.item }))
    },

    setTyping(conversationId: number, isTyping: boolean): void {
      if (session) channelFor(conversationId).setTyping(isTyping)
    },

    setViewing(conversationId: number | null): void {
      if (viewing !== null && viewing !== conversationId) channels.get(viewing)?.setTyping(false)
      // Opening a conversation ends "marked unread" (one changing to it, not a repeat of the same).
      if (conversationId !== null && conversationId !== viewing && session) prefs.set(conversationId, { markedUnread: false })
      viewing = conversationId
      reconcileChannels()
      if (conversationId !== null && focused) scheduleMarkRead(conversationId)
    },

    setFocused(value: boolean): void {
      focused = value
      if (!value && viewing !== null) channels.get(viewing)?.setTyping(false)
      if (value && viewing !== null) scheduleMarkRead(viewing)
    },

    networkUp(): void {
      eachConnection((connection) => connection.retryNow())
    },
    networkDown(): void {
      eachConnection((connection) => connection.goOffline('No network connection'))
    },
    resumed(): void {
      eachConnection((connection) => connection.checkAlive())
    },
    retryNow(): void {
      eachConnection((connection) => connection.retryNow())
    },

    /** Connection status of every socket held, for a UI that subscribes late. */
    connections() {
      const statuses = [...channels.values()].map((channel) => channel.connection.status)
      return listSocket ? [listSocket.status, ...statuses] : statuses
    },

    /** Waits for pending outbox writes (before the host exits). */
    async flushStorage(): Promise<void> {
      await outbox.flushStorage()
      await prefs.flushStorage()
    },
  }
}

