// The main-process chat client: one engine per active account, wired to Node (ws, fetch,
// SQLite outbox, file reads by path), with sessions kept in the SecretStore, an offline
// cache for lists and history, and the attention surfaces fed from live events.
import { createHash } from 'node:crypto'
import { HISTORY_PAGE_SIZE, type ChatClient } from '../../src-shared/client/chat-client'
import { SEARCH_PAGE_SIZE } from '../../src-shared/client/message-lookup'
import type { ChatClientDeps, Logger } from '../../src-shared/client/deps'
import type { EngineOptions } from '../../src-shared/client/options'
import { ENGINE_EVENTS, type ClientSession } from '../../src-shared/client/types'
import { normalizeServerUrl } from '../../src-shared/client/server-url'
import { normalizeFingerprint } from '../../src-shared/protocol/fingerprint'
import type {
  AccountSummary, CertificateCheck, ConversationList, EventChannel, EventPayloads, HistoryPage, SessionInfo,
} from '../../src-shared/ipc/contract'
import type { AuthTokens, Message, User } from '../../src-shared/protocol/types'
import { ParleyError, parleyError, sessionExpired } from '../../src-shared/client/errors'
import type { EventSink } from '../ipc/services'
import type { Attention } from './attention'
import { CACHED_MESSAGES_PER_CONVERSATION, type HistoryCache } from './db/history-cache'
import type { OutboxStore } from './db/outbox-store'
import type { PrefsStore } from './db/prefs-store'
import { encodeBase64, reopenFileSource } from './file-source'
import type { MediaSession } from './media-protocol'
import type { SecretStore } from './secret-store'
import type { SettingsStore } from './settings-store'
import { parseJoinLink } from '../../src-shared/protocol/fingerprint'
import type { PinnedTransport } from './tls/pinned-transport'

/** The engine factory: createChatClient (src-shared/client), passed in by the composition roots. */
export type CreateEngine = (deps: ChatClientDeps) => ChatClient

export interface ClientRuntimeDeps {
  createEngine: CreateEngine
  /** Every connection the engines open (REST, sockets, transfers) goes through it. */
  transport: Pick<PinnedTransport, 'fetch' | 'WebSocket' | 'expect' | 'refusal' | 'trust'>
  secrets: SecretStore
  settings: SettingsStore
  outbox: OutboxStore
  cache: HistoryCache
  prefs: PrefsStore
  attention: Attention
  emit: EventSink
  /** Called when an account's data is wiped (downloaded files, queued clipboard images). */
  onAccountWiped?: (accountId: string) => Promise<void>
  /** Called when an outbox item is done with (sent or discarded). */
  onOutboxSettled?: (clientId: string) => void
  engineOptions?: Partial<EngineOptions>
  log?: Logger
}

/** An engine with its event wiring; `expired` once the server refused its refresh token. */
interface EngineHandle {
  accountId: string
  engine: ChatClient
  expired: boolean
  unsubscribe: () => void
}

interface ActiveAccount extends EngineHandle {
  session: ClientSession
}

/** How long finding out whether a typed http address is really https may take. */
const UPGRADE_PROBE_MS = 5_000

const tokenKey = (accountId: string): string => `tokens:${accountId}`

/** Stable id of (server, email): known before sign-in, so tokens can be filed at once. */
export function accountIdFor(server: string, email: string): string {
  const origin = normalizeServerUrl(server) ?? server
  return createHash('sha256').update(`${origin}\n${email.trim().toLowerCase()}`).digest('hex').slice(0, 20)
}

export type ClientRuntime = ReturnType<typeof createClientRuntime>

export function createClientRuntime(deps: ClientRuntimeDeps) {
  const { secrets, settings, cache, outbox, prefs, attention, emit, log = () => {} } = deps
  /**
   * Main's one HTTP transport for REST, downloads and the renderer's media, so the pin that
   * guards the connection guards them all. Looked up per call: whoever holds the transport
   * (tests observing it) sees every request.
   */
  const transportFetch: typeof globalThis.fetch = (input, init) => deps.transport.fetch(input, init)
  let active: ActiveAccount | null = null
  let idleEngine: ChatClient | null = null
  let focused = true

  function newEngine(accountId: string): EngineHandle {
    const engineDeps: ChatClientDeps = {
      WebSocket: deps.transport.WebSocket,
      fetch: transportFetch,
      outboxStorage: outbox,
      prefsStorage: prefs.forAccount(accountId),
      searchCache: (query) => cache.search(accountId, query, SEARCH_PAGE_SIZE),
      openFile: reopenFileSource,
      base64: encodeBase64,
      onTokens: (tokens) => void saveTokens(accountId, tokens),
      log,
      ...(deps.engineOptions ? { options: deps.engineOptions } : {}),
    }
    // Wired before sign-in/resume: a refresh refused during resume must not go unheard.
    const handle: EngineHandle = { accountId, engine: deps.createEngine(engineDeps), expired: false, unsubscribe: () => {} }
    handle.unsubscribe = wire(handle)
    return handle
  }

  async function dispose(handle: EngineHandle): Promise<void> {
    handle.unsubscribe()
    await handle.engine.signOut().catch(() => {})
  }

  async function saveTokens(accountId: string, tokens: AuthTokens): Promise<void> {
    await secrets.set(tokenKey(accountId), JSON.stringify({ access: tokens.access, refresh: tokens.refresh }))
  }

  async function loadTokens(accountId: string): Promise<AuthTokens | null> {
    const raw = await secrets.get(tokenKey(accountId))
    if (!raw) return null
    try {
      const value = JSON.parse(raw) as Partial<AuthTokens>
      return typeof value.access === 'string' && typeof value.refresh === 'string' ? { access: value.access, refresh: value.refresh } : null
    } catch {
      return null
    }
  }

  function wire(handle: EngineHandle): () => void {
    const offs = ENGINE_EVENTS.map((event) =>
      handle.engine.on(event, (payload: EventPayloads[typeof event]) => {
        sideEffect(handle, event, payload)
        emit(event, payload as never)
      }),
    )
    return () => offs.forEach((off) => off())
  }

  function sideEffect<E extends EventChannel>(handle: EngineHandle, event: E, payload: EventPayloads[E]): void {
    const { accountId } = handle
    if (event === 'message') {
      const message = payload as EventPayloads['message']
      cache.saveMessages(accountId, [message])
      attention.message(message)
    } else if (event === 'message-updated') {
      cache.updateMessage(accountId, payload as EventPayloads['message-updated'])
    } else if (event === 'conversation-prefs') {
      if (active === handle) attention.pref(payload as EventPayloads['conversation-prefs'])
    } else if (event === 'conversation') {
      const conversation = payload as EventPayloads['conversation']
      cache.saveConversation(accountId, conversation)
      attention.conversation(conversation)
    } else if (event === 'message-state') {
      const item = payload as EventPayloads['message-state']
      if (item.state === 'sent' || item.state === 'read') deps.onOutboxSettled?.(item.clientId)
    } else if (event === 'session-expired') {
      // The refresh token is dead: forget it, keep the account so its email is offered again.
      handle.expired = true
      void secrets.delete(tokenKey(accountId))
      if (active === handle) void deactivate()
    }
  }

  async function deactivate(): Promise<void> {
    const current = active
    active = null
    attention.reset()
    if (current) await dispose(current)
  }

  /** Makes a signed-in engine the active account (the previous one is closed, not wiped). */
  async function activate(handle: EngineHandle, session: ClientSession, email: string): Promise<SessionInfo> {
    if (handle.expired) {
      await dispose(handle)
      throw sessionExpired()
    }
    await deactivate()
    const { accountId, engine } = handle
    // Persist tokens now too: the engine's onTokens may already have fired, this makes it
    // certain. The engine's current pair, not the one it started with: a refresh that
    // answered since was saved already, and must not be overwritten by the older pair.
    await saveTokens(accountId, engine.session?.tokens ?? session.tokens)
    settings.saveAccount({ accountId, server: session.server, email, fullName: session.user.full_name, userId: session.user.id })
    settings.setActiveAccountId(accountId)
    active = Object.assign(handle, { session })
    attention.prefs(engine.conversationPrefs())
    engine.setFocused(focused)
    return sessionInfo() as SessionInfo
  }

  function sessionInfo(): SessionInfo | null {
    if (!active) return null
    const session = active.engine.session ?? active.session
    return {
      accountId: active.accountId,
      server: session.server,
      user: session.user,
      features: session.features,
      secretStorage: secrets.kind,
      limits: session.limits,
    }
  }

  function requireActive(): ActiveAccount {
    if (!active) throw parleyError('unauthorized', 'Sign in to a server first.')
    return active
  }

  async function resumeAccount(accountId: string): Promise<SessionInfo> {
    const account = settings.account(accountId)
    if (!account) throw parleyError('not-found', 'That account is no longer configured.')
    const tokens = await loadTokens(accountId)
    if (!tokens) throw parleyError('unauthorized', `Sign in to ${account.server} again.`)
    const handle = newEngine(accountId)
    const user: User = { id: account.userId, email: account.email, full_name: account.fullName, user_type: '' }
    return withHandle(handle, async () => activate(handle, await handle.engine.resume({ server: account.server, tokens, user }), account.email))
  }

  /** Runs a sign-in step; on failure the half-made engine is closed, the active one untouched. */
  async function withHandle<T>(handle: EngineHandle, step: () => Promise<T>): Promise<T> {
    try {
      return await step()
    } catch (error) {
      if (active !== handle) await dispose(handle)
      throw error
    }
  }

  const isOffline = (error: unknown): boolean => error instanceof ParleyError && error.code === 'network'

  /** http origins found to redirect to https on the same host (typed "192.168.1.20:8000"). */
  const upgrades = new Map<string, string>()

  /**
   * The server a person meant: without a join link's `#fp=…`, and https when the address
   * answers plain http with a redirect to https on the same host (a TLS server's port does).
   * The transport is told what fingerprint to expect there: a join link's is trusted when it
   * matches, an mDNS announcement's is only shown; a typed address expects nothing.
   */
  async function resolveServer(input: string, announcedFingerprint?: string): Promise<string> {
    const { server, fingerprint } = parseJoinLink(input)
    let origin = normalizeServerUrl(server)
    if (!origin) return server // the engine words the error
    if (origin.startsWith('http:')) origin = upgrades.get(origin) ?? await upgradeToHttps(origin)
    if (origin.startsWith('https:')) {
      const announced = announcedFingerprint ? normalizeFingerprint(announcedFingerprint) : null
      deps.transport.expect(new URL(origin).origin, fingerprint
        ? { fingerprint, source: 'join-link' }
        : announced ? { fingerprint: announced, source: 'mdns' } : null)
    }
    return origin
  }

  async function upgradeToHttps(origin: string): Promise<string> {
    try {
      const answer = await deps.transport.fetch(`${origin}/api/parley/info/`, { redirect: 'manual', signal: AbortSignal.timeout(UPGRADE_PROBE_MS) })
      await answer.body?.cancel()
      const location = answer.headers.get('location')
      if (answer.status < 300 || answer.status >= 400 || !location) return origin
      const target = new URL(location, origin)
      const from = new URL(origin)
      if (target.protocol !== 'https:' || target.hostname !== from.hostname) return origin
      const upgraded = `https://${target.host}${from.pathname.replace(/\/+$/, '')}`
      upgrades.set(origin, upgraded)
      return upgraded
    } catch {
      return origin // unreachable: sign-in says so in words
    }
  }

  return {
    /** Restores the last active account at startup; a failure leaves the user signed out. */
    async start(): Promise<SessionInfo | null> {
      const accountId = settings.activeAccountId()
      if (!accountId) return null
      try {
        return await resumeAccount(accountId)
      } catch (error) {
        log('warn', 'session-resume-failed', { code: error instanceof ParleyError ? error.code : 'internal' })
        return null
      }
    },
    sessionInfo,
    /** The transport the engines use, for downloads and media (media-protocol.ts). */
    fetch: transportFetch,
    /** The active session's server and access token, or null when signed out. */
    mediaSession(): MediaSession | null {
      const session = active ? (active.engine.session ?? active.session) : null
      return session ? { server: session.server, accessToken: session.tokens.access } : null
    },
    async probeServer(url: string) {
      idleEngine ??= newEngine('probe').engine
      return idleEngine.probeServer(await resolveServer(url))
    },
    /** Why the transport refused this server's certificate last, for the trust dialog. */
    async certificateRefusal(server: string): Promise<CertificateCheck | null> {
      const origin = await resolveServer(server)
      return origin.startsWith('https:') ? deps.transport.refusal(new URL(origin).origin) : null
    },
    /** Pins the certificate the person was shown (by fingerprint) for this server. */
    async trustCertificate(server: string, fingerprint: string): Promise<void> {
      const origin = await resolveServer(server)
      const normalized = normalizeFingerprint(fingerprint)
      if (!origin.startsWith('https:') || !normalized) throw parleyError('invalid-argument', 'There is no certificate to trust at that address.')
      deps.transport.trust(new URL(origin).origin, normalized)
    },
    async signIn(input: { server: string; email: string; password: string; announcedFingerprint?: string }): Promise<SessionInfo> {
      const credentials = { server: await resolveServer(input.server, input.announcedFingerprint), email: input.email, password: input.password }
      const accountId = accountIdFor(credentials.server, credentials.email)
      const handle = newEngine(accountId)
      return withHandle(handle, async () => {
        const session = await handle.engine.signIn(credentials)
        return activate(handle, session, session.user.email)
      })
    },
    async register(input: { server: string; email: string; password: string; fullName: string; inviteCode?: string; announcedFingerprint?: string }): Promise<SessionInfo> {
      const { announcedFingerprint, ...rest } = input
      const form = { ...rest, server: await resolveServer(input.server, announcedFingerprint) }
      const accountId = accountIdFor(form.server, form.email)
      const handle = newEngine(accountId)
      return withHandle(handle, async () => {
        const session = await handle.engine.register(form)
        return activate(handle, session, session.user.email)
      })
    },
    /** Signs the active account out and wipes its secrets, cache and queued items. */
    async signOut(): Promise<void> {
      const current = active
      if (!current) return
      await deactivate()
      await secrets.delete(tokenKey(current.accountId))
      cache.clearAccount(current.accountId)
      prefs.clearAccount(current.accountId)
      outbox.removeAccount(current.session.server, current.session.user.id)
      settings.removeAccount(current.accountId)
      await deps.onAccountWiped?.(current.accountId)
    },
    accounts(): AccountSummary[] {
      return settings.accounts().map((account) => ({
        accountId: account.accountId,
        server: account.server,
        email: account.email,
        fullName: account.fullName,
        active: account.accountId === active?.accountId,
      }))
    },
    async switchAccount(accountId: string): Promise<SessionInfo> {
      if (active?.accountId === accountId) return sessionInfo() as SessionInfo
      return resumeAccount(accountId)
    },
    engine: (): ChatClient => requireActive().engine,
    outboxFileRefs: (): string[] => outbox.fileRefs(),
    setFocused(value: boolean): void {
      focused = value
      attention.focus(value)
      active?.engine.setFocused(value)
    },
    accountId: (): string => requireActive().accountId,
    async listConversations(): Promise<ConversationList> {
      const { engine, accountId } = requireActive()
      try {
        const list = await engine.listConversations()
        if (list.live) cache.saveConversations(accountId, list.conversations)
        attention.conversations(list.conversations)
        return list
      } catch (error) {
        if (!isOffline(error)) throw error
        return { conversations: cache.conversations(accountId), live: false }
      }
    },
    async history(conversationId: number, beforeId?: number): Promise<HistoryPage> {
      const { engine, accountId } = requireActive()
      try {
        const page = await engine.history(conversationId, beforeId)
        if (page.live) cache.saveMessages(accountId, page.messages)
        return page
      } catch (error) {
        if (!isOffline(error)) throw error
        return { messages: cache.messages(accountId, conversationId, beforeId), live: false, hasMore: false, hasNewer: false }
      }
    },
    /** A page around a message; offline, what the cache holds of the conversation (live: false). */
    async historyAround(conversationId: number, messageId: number): Promise<HistoryPage> {
      const { engine, accountId } = requireActive()
      try {
        const page = await engine.historyAround(conversationId, messageId)
        cache.saveMessages(accountId, page.messages)
        return page
      } catch (error) {
        if (!isOffline(error)) throw error
        return { messages: cache.messages(accountId, conversationId, undefined, CACHED_MESSAGES_PER_CONVERSATION), live: false, hasMore: false, hasNewer: false }
      }
    },
    /**
     * The newest cached page of a conversation, read locally so an open can paint before the
     * live page arrives. One page (the size the engine fetches) so the live page replaces it
     * row for row; older cached rows may have gaps the server would fill.
     */
    cachedLatest(conversationId: number): Message[] {
      const { accountId } = requireActive()
      return cache.messages(accountId, conversationId, undefined, HISTORY_PAGE_SIZE)
    },
    async shutdown(): Promise<void> {
      await deactivate()
      await idleEngine?.signOut().catch(() => {})
      idleEngine = null
    },
  }
}
