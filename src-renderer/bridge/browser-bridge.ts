// The browser bridge: what a LAN guest's browser runs when the host serves Parley at
// http://<host>:<port>/ and there is no `window.parley`. The same `ParleyBridge` as the
// desktop preload, implemented in-page over the src-shared chat engine (browser WebSocket
// and fetch), with every call's arguments checked against the contract as main checks them.
import { createChatClient, ENGINE_EVENTS, type ChatClient, type ClientSession, type EngineEvent, type EngineEvents, type SocketFactory } from '../../src-shared/client'
import { ParleyError, type ErrorCode } from '../../src-shared/client/errors'
import type { ParleyBridge } from '../../src-shared/ipc/bridge'
import type { EventChannel, EventPayloads, InvokeResults, InvokeChannel, SessionInfo } from '../../src-shared/ipc/contract'
import { createDispatcher, unwrapEnvelope, type InvokeHandlers } from '../../src-shared/ipc/rpc'
import type { Message } from '../../src-shared/protocol/types'
import { downloadAttachment, encodeBase64, fileSource, PickedFiles, pickFiles, randomId } from './browser-files'
import { clearSession, loadSession, loadSettings, localStorageOutbox, localStoragePrefs, saveSession, saveSettings } from './browser-storage'

const fail = (code: ErrorCode, message: string): never => {
  throw new ParleyError({ code, message })
}

const isEngineEvent = (event: EventChannel): event is EngineEvent => (ENGINE_EVENTS as readonly string[]).includes(event)

/** Binary frames as ArrayBuffer (the engine's codec reads bytes, not Blobs). */
class ArrayBufferSocket extends WebSocket {
  constructor(url: string) {
    super(url)
    this.binaryType = 'arraybuffer'
  }
}

export function createBrowserBridge(): ParleyBridge {
  const picked = new PickedFiles()
  const client: ChatClient = createChatClient({
    // The DOM types send() with ArrayBuffer-backed views only; the engine never sends shared memory.
    WebSocket: ArrayBufferSocket as unknown as SocketFactory,
    fetch: (input, init) => fetch(input, init),
    outboxStorage: localStorageOutbox(),
    // The engine checks what it loads; no searchCache: a page keeps no history, so offline
    // search answers in words that it needs the server.
    prefsStorage: localStoragePrefs(),
    base64: encodeBase64,
    randomId,
    onTokens: (tokens, user) => {
      const server = client.session?.server ?? pendingServer
      if (server) saveSession({ server, tokens, user })
    },
  })
  // onTokens fires while a session starts, before client.session is set.
  let pendingServer: string | null = null
  let settings = loadSettings()

  client.on('session-expired', () => clearSession())
  window.addEventListener('online', () => client.networkUp())
  window.addEventListener('offline', () => client.networkDown())
  const focusChanged = () => client.setFocused(document.visibilityState === 'visible' && document.hasFocus())
  window.addEventListener('focus', focusChanged)
  window.addEventListener('blur', focusChanged)
  document.addEventListener('visibilitychange', focusChanged)

  const info = (session: ClientSession): SessionInfo => ({
    accountId: `${session.server}#${session.user.id}`,
    server: session.server,
    user: session.user,
    features: session.features,
    secretStorage: 'unavailable',
    limits: session.limits,
  })

  async function begin(server: string, start: () => Promise<ClientSession>): Promise<SessionInfo> {
    pendingServer = server
    try {
      const session = await start()
      saveSession({ server: session.server, tokens: session.tokens, user: session.user })
      focusChanged()
      return info(session)
    } finally {
      pendingServer = null
    }
  }

  const engine = (): ChatClient => (client.session ? client : fail('unauthorized', 'Not signed in.'))

  async function attachmentMessage(conversationId: number, messageId: number): Promise<Message> {
    // Fetched fresh: its signed URL may have expired since it was shown.
    const page = await engine().history(conversationId, messageId + 1)
    const message = page.messages.find((m) => m.id === messageId)
    return message?.file_attachment ? message : fail('not-found', 'That file is not in this conversation.')
  }

  function sendFile(conversationId: number, file: File, caption?: string) {
    return engine().sendFile(conversationId, fileSource(file), caption || undefined)
  }

  const unavailable = () => fail('forbidden', 'Hosting is only available in the Parley desktop app.')

  const handlers: InvokeHandlers = {
    'app:info': () => ({ version: 'web', platform: 'web', secretStorage: 'unavailable', localServerUrl: location.origin }),
    // parley: links open the desktop app; a page has none to take.
    'app:take-join-link': () => null,
    async 'session:get'() {
      if (client.session) return info(client.session)
      const saved = loadSession()
      if (!saved) return null
      try {
        return await begin(saved.server, () => client.resume(saved))
      } catch {
        clearSession()
        return null
      }
    },
    'session:sign-in': (credentials) => begin(credentials.server, () => client.signIn(credentials)),
    'session:register': (form) => begin(form.server, () => client.register(form)),
    async 'session:sign-out'() {
      clearSession()
      await client.signOut()
    },
    'session:probe-server': (url) => client.probeServer(url),
    // A page's connections are the browser's: it checks certificates and shows its own
    // warning (the host panel tells guests which fingerprint to compare there).
    'tls:certificate': () => null,
    'tls:trust': () => fail('forbidden', 'Your browser decides which certificates to trust: use its certificate warning.'),
    'accounts:list': () => {
      const session = client.session
      return session ? [{ accountId: info(session).accountId, server: session.server, email: session.user.email, fullName: session.user.full_name, active: true }] : []
    },
    'accounts:switch': () => fail('forbidden', 'This browser page holds one account: sign out to use another.'),
    'conversations:list': () => engine().listConversations(),
    'conversations:create': (ids) => engine().createConversation(ids),
    'users:search': (query) => engine().searchUsers(query),
    'messages:history': (id, before) => engine().history(id, before),
    // A page keeps no local history: the open waits for the live page.
    'messages:cached': () => [],
    'messages:around': (id, messageId) => engine().historyAround(id, messageId),
    'messages:search': (query) => engine().search(query),
    'messages:send-text': (id, text, options) => engine().sendText(id, text, options),
    'messages:edit': (id, messageId, text, mentions) => engine().editMessage(id, messageId, text, mentions),
    'messages:delete': (id, messageId) => engine().deleteMessage(id, messageId),
    'messages:react': (id, messageId, emoji, on) => engine().react(id, messageId, emoji, on),
    'messages:send-file'(id, ref, caption) {
      const file = picked.take(ref)
      return file ? sendFile(id, file, caption) : fail('not-found', 'That file is no longer available. Pick it again.')
    },
    // Pasted images arrive as Files (sendFileObject): a page cannot read the OS clipboard.
    'messages:send-clipboard-image': () => null,
    'outbox:retry': (clientId) => engine().retry(clientId),
    'outbox:discard': (clientId) => engine().discard(clientId),
    'outbox:list': (id) => engine().outbox(id),
    'conversation:view': (id) => engine().setViewing(id),
    'conversation:typing': (id, typing) => engine().setTyping(id, typing),
    'conversation:prefs': () => engine().conversationPrefs(),
    'conversation:set-muted': (id, muted) => engine().setMuted(id, muted),
    'conversation:set-unread': (id, unread) => engine().setMarkedUnread(id, unread),
    'files:pick': async () => (await pickFiles()).map((file) => picked.add(file)),
    async 'files:open'(conversationId, messageId) {
      const message = await attachmentMessage(conversationId, messageId)
      window.open(message.file_attachment!.file_url, '_blank', 'noopener,noreferrer')
    },
    async 'files:save-as'(conversationId, messageId) {
      downloadAttachment((await attachmentMessage(conversationId, messageId)).file_attachment!)
      return true
    },
    'links:open'(raw) {
      let url: URL
      try {
        url = new URL(raw)
      } catch {
        return false
      }
      if (!['http:', 'https:', 'mailto:'].includes(url.protocol)) return false
      window.open(url.href, '_blank', 'noopener,noreferrer')
      return true
    },
    'connection:retry-now': () => engine().retryNow(),
    'settings:get': () => settings,
    'settings:set'(patch) {
      settings = { ...settings, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) }
      saveSettings(settings)
      return settings
    },
    'host:status': unavailable,
    'host:set-start-at-login': unavailable,
    'host:interfaces': unavailable,
    'host:start': unavailable,
    'host:stop': unavailable,
    'host:set-registration': unavailable,
    'host:users': unavailable,
    'host:create-user': unavailable,
    'host:reset-password': unavailable,
    'host:remove-user': unavailable,
    'host:create-invite': unavailable,
    'host:invites': unavailable,
    'host:revoke-invite': unavailable,
    'discovery:list': () => [],
  }

  const dispatch = createDispatcher(handlers, (event, fields) => console.error(event, fields))
  return {
    // The same dispatcher as main: the contract's schemas check every call's arguments.
    invoke: (<C extends InvokeChannel>(channel: C, ...args: unknown[]) =>
      dispatch(channel, args).then((envelope) => unwrapEnvelope(envelope) as InvokeResults[C])) as ParleyBridge['invoke'],
    on<E extends EventChannel>(event: E, listener: (payload: EventPayloads[E]) => void) {
      // Main's own events (hosting, discovery, notification clicks) never happen in a page.
      if (!isEngineEvent(event)) return () => {}
      return client.on(event as EngineEvent, listener as (payload: EngineEvents[EngineEvent]) => void)
    },
    // Served by the host itself: the file URLs are this page's origin, which its CSP allows.
    mediaUrl: (fileUrl) => fileUrl,
    sendFileObject: (conversationId, file, caption) => Promise.resolve().then(() => sendFile(conversationId, file, caption)),
  }
}
