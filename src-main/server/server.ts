// The embedded Parley server: HTTP + WebSocket on one port, storage behind
// storage/storage.ts (SQLite in the data folder by default), media on
// disk. Plain Node (no electron import): run by the CLI, tests, or Electron's utilityProcess.
// This module's exports are the public API other parts of Parley build on.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { makePrivateFolder, prepareDataFolder } from './data-folder'
import { CLOSE, FEATURES } from '../../src-shared/protocol/types'
import { createAdmin, type Admin } from './admin'
import { loadOrCreateSecret } from './auth/secret'
import { HashQueue } from './auth/hash-queue'
import { LoginThrottle } from './auth/login-throttle'
import { LocalBus, type Bus } from './cluster/bus'
import { joinCluster, type Cluster } from './cluster/cluster'
import { deliverTo } from './cluster/deliver'
import { SessionWatch } from './auth/session-watch'
import { Sessions } from './auth/sessions'
import { TokenService } from './auth/tokens'
import { ChatService } from './chat/chat-service'
import { Fanout } from './chat/fanout'
import type { DeclaredExt } from './chat/message-ext'
import type { WireContext } from './chat/serialize'
import { baseUrlFrom, type ServerContext } from './context'
import type { ExtensionApi, ExtensionHandle, ServerExtension } from './extensions'
import { registerAuthRoutes } from './http/auth-routes'
import { requireUser } from './http/authenticate'
import { registerConversationRoutes } from './http/conversation-routes'
import { registerDirectoryRoutes } from './http/directory-routes'
import { registerMediaRoute } from './http/media-route'
import { registerSearchRoutes } from './http/search-routes'
import { HostPolicy } from './http/host-policy'
import { HttpError, sendJson } from './http/respond'
import { Router } from './http/router'
import { serveWebClient } from './http/static-route'
import { createLogger } from './logger'
import { MediaStore } from './media/media-store'
import { MediaSigner } from './media/signing'
import { resolveOptions, type ParleyServerOptions } from './options'
import { FrameRegistry } from './realtime/dispatch'
import { Hub } from './realtime/hub'
import { registerSeedHandlers } from './realtime/seed-handlers'
import { registerActionHandlers } from './realtime/action-handlers'
import { SocketGateway } from './realtime/upgrade'
import { createLanAdmin, type LanAdmin } from './lan/lan-admin'
import { pingExtension } from './liveness/ping-extension'
import { uploadsExtension } from './uploads/uploads-extension'
import { RegistrationPolicy } from './lan/registration-policy'
import { createListener } from './tls/listener'
import { prepareTls, RENEWAL_CHECK_MS } from './tls/server-tls'
import { openStorage } from './storage/open-storage'
import { TrustedProxies } from './http/trusted-proxies'

export type { ParleyServerOptions } from './options'
export { DEFAULT_LIMITS, type ServerLimitsConfig } from './limits'
export type { TlsMode } from './tls/server-tls'
export type { ServerExtension, ExtensionApi, ExtensionHandle } from './extensions'
export type { ChatService, PostMessageInput, StoreFileMessageInput, PostResult } from './chat/chat-service'
export type { FrameContext, TextFrameHandler, BinaryFrameHandler } from './realtime/dispatch'
export type { CreateUserInput } from './admin'

export interface RunningParleyServer {
  /** "https://127.0.0.1:PORT" with TLS, else http (the loopback address when listening on all interfaces). */
  url: string
  port: number
  host: string
  /** The certificate's SHA-256 fingerprint ("AB:CD:…") when speaking TLS, else null; follows renewals. */
  readonly fingerprint: string | null
  /** The chat service: store and broadcast messages from outside a socket. */
  chat: ChatService
  /** Stops accepting, closes sockets with 1001, finishes pending writes, closes the storage. */
  close(): Promise<void>
  /** LAN hosting: registration mode, invite codes, who is connected (lan/lan-admin.ts). */
  lan: LanAdmin
  /** Accounts and conversations (admin.ts), as the CLI has them on the data folder. */
  admin: Admin
}

/** Extensions every Parley server runs unless options.extensions says otherwise. */
export const DEFAULT_EXTENSIONS: ServerExtension[] = [uploadsExtension, pingExtension]

/** The chat extensions built into the chat service (docs/protocol.md "Chat extensions"). */
const CHAT_FEATURES = [FEATURES.search, FEATURES.edit, FEATURES.delete, FEATURES.reply, FEATURES.reactions, FEATURES.mentions]

const SHUTDOWN_GRACE_MS = 2000

export async function startParleyServer(options: ParleyServerOptions): Promise<RunningParleyServer> {
  const resolved = resolveOptions(options)
  prepareDataFolder(resolved.dataDir)
  const log = createLogger(resolved.logLevel, options.logToStderr ?? false)
  const storage = await openStorage({
    dataDir: resolved.dataDir,
    database: options.database,
    nativeBinding: options.databaseNativeBinding,
    onBackgroundError: (error) => log.error({ err: error }, 'search indexing failed'),
  })
  let cluster: Cluster | null = null
  try {
    // A cluster's secret is one file in the shared folder: the first node makes it, every
    // other reads it, so a token or media URL signed by one node is good on all of them.
    if (resolved.sharedDir !== resolved.dataDir) makePrivateFolder(resolved.sharedDir)
    if (resolved.bus) cluster = await joinCluster({ url: resolved.bus, throttle: resolved.loginThrottle, log })
  } catch (error) {
    await storage.close()
    throw error
  }
  const secret = loadOrCreateSecret(resolved.sharedDir)
  const sessions = new Sessions(storage, new TokenService(secret, resolved.tokens))
  const media = new MediaStore(resolved.sharedDir)
  const signer = resolved.seedOnly ? null : new MediaSigner(secret, resolved.limits.mediaUrlTtlSeconds)
  const hub = new Hub(cluster?.sockets ?? null)
  const registration = new RegistrationPolicy(storage, resolved.registration)
  const extensions = resolved.seedOnly ? [] : options.extensions ?? DEFAULT_EXTENSIONS
  const features = resolved.seedOnly
    ? []
    : [FEATURES.clientId, FEATURES.conversationsSocket, FEATURES.signedMedia, FEATURES.userDirectory, ...CHAT_FEATURES,
        ...extensions.map((e) => e.feature)]
  const wireContext = (baseUrl: string, ext: DeclaredExt): WireContext => ({ baseUrl, signer, extensions: !resolved.seedOnly, ext })
  const fanout = new Fanout(hub, storage.conversations, wireContext, !resolved.seedOnly, log)
  let bus: Bus
  try {
    bus = cluster ? await cluster.openBus(deliverTo(fanout)) : new LocalBus(deliverTo(fanout))
  } catch (error) {
    await cluster?.close()
    await storage.close()
    throw error
  }
  const sessionWatch = new SessionWatch(storage, hub, log)
  // Events from other nodes were missed while the bus was away: this node's clients
  // reconnect and fill the gap from the database, as after any reconnect.
  bus.onGap(() => {
    for (const connection of hub.all()) connection.close(CLOSE.tryAgainLater, 'Missed live updates: reconnect and reload history')
  })
  const chat = new ChatService(storage, media, fanout, bus)
  let listeningUrl = ''
  const proxies = new TrustedProxies(resolved.trustedProxies)
  let tls: Awaited<ReturnType<typeof prepareTls>> = null

  const ctx: ServerContext = {
    options: resolved, log, storage, media, signer, hub, registration, chat, features, wireContext,
    loginThrottle: new LoginThrottle(resolved.loginThrottle, Date.now, cluster?.throttle),
    hashQueue: new HashQueue(),
    hosts: new HostPolicy({ listenHost: resolved.host, publicNames: resolved.publicNames }),
    baseUrlFor: (req) => baseUrlFrom(req, listeningUrl, proxies),
    proxies,
    fingerprint: () => tls?.certificate().fingerprint ?? null,
    sessions,
  }

  const router = new Router()
  registerAuthRoutes(router, ctx)
  registerConversationRoutes(router, ctx)
  registerMediaRoute(router, ctx)
  if (!resolved.seedOnly) {
    registerDirectoryRoutes(router, ctx)
    registerSearchRoutes(router, ctx)
  }
  const frames = new FrameRegistry()
  registerSeedHandlers(frames, chat, resolved.limits, log, !resolved.seedOnly)
  if (!resolved.seedOnly) registerActionHandlers(frames, chat, resolved.limits, log)

  const api: ExtensionApi = {
    frames, routes: router, chat, media, limits: resolved.limits, dataDir: resolved.sharedDir, log,
    authenticate: (req) => requireUser(ctx, req).catch(() => null),
    isParticipant: (conversationId, userId) => storage.conversations.isParticipant(conversationId, userId),
    storage,
    sendStoredMessage: async (connection, clientId) => {
      // Shown once its commit is durable.
      const stored = await storage.readDurable(() => storage.messages.findByClientId(connection.user.id, clientId))
      if (stored) fanout.messageTo(connection, stored)
      return stored !== null
    },
  }
  const handles: ExtensionHandle[] = []
  for (const extension of extensions) {
    const handle = extension.setup(api)
    if (handle) handles.push(handle)
  }

  const gateway = new SocketGateway(ctx, frames)
  let listener: ReturnType<typeof createListener>
  try {
    tls = await prepareTls(resolved.tls, resolved.dataDir, resolved.host)
    listener = createListener({
      request: (req, res) => void handleRequest(ctx, router, req, res),
      upgrade: (req, socket, head) => gateway.handleUpgrade(req, socket, head),
      answersTo: (req) => ctx.hosts.checkHost(req).ok,
    }, tls?.certificate() ?? null)
    await listener.listen(resolved.port, resolved.host)
  } catch (error) {
    // Extensions may have started work (the upload sweep) that still needs the database.
    for (const handle of handles) await handle.close?.()
    sessionWatch.close()
    await cluster?.close()
    await storage.close()
    throw error
  }
  const port = listener.address().port
  const publicHost = resolved.host === '0.0.0.0' || resolved.host === '::' ? '127.0.0.1' : resolved.host
  listeningUrl = `${tls ? 'https' : 'http'}://${publicHost.includes(':') ? `[${publicHost}]` : publicHost}:${port}`
  log.info({ url: listeningUrl, seedOnly: resolved.seedOnly, features, fingerprint: tls?.certificate().fingerprint, node: cluster?.nodeId }, 'parley server listening')
  const tlsState = tls
  const renewal = tlsState
    ? setInterval(() => {
      tlsState.refresh().then(
        (renewed) => {
          if (!renewed) return
          listener.setCertificate(renewed)
          log.info({ fingerprint: renewed.fingerprint, notAfter: renewed.notAfter }, 'tls certificate renewed (same key)')
        },
        (error: unknown) => log.error({ err: error }, 'tls certificate renewal failed'),
      )
    }, RENEWAL_CHECK_MS)
    : null
  renewal?.unref()

  const admin: Admin = createAdmin(storage, { conversationCreated: (id) => chat.conversationCreated(id) })

  let closing: Promise<void> | null = null
  const close = (): Promise<void> => {
    closing ??= (async () => {
      if (renewal) clearInterval(renewal)
      const stopped = listener.close()
      gateway.closeAll()
      await chat.drained()
      for (const handle of handles) await handle.close?.()
      listener.closeIdleConnections()
      const forced = setTimeout(() => {
        listener.closeAllConnections()
        for (const connection of hub.all()) connection.ws.terminate()
      }, SHUTDOWN_GRACE_MS)
      await stopped
      clearTimeout(forced)
      sessionWatch.close()
      await cluster?.close()
      await storage.close()
      log.info('parley server stopped')
    })()
    return closing
  }

  return {
    url: listeningUrl,
    port,
    host: resolved.host,
    get fingerprint() {
      return tlsState?.certificate().fingerprint ?? null
    },
    chat, close, admin, lan: createLanAdmin(hub, registration),
  }
}

async function handleRequest(ctx: ServerContext, router: Router, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET'
  const rawUrl = req.url ?? '/'
  // Prefixing keeps "//host/path" a path instead of letting it name another host.
  const url = new URL(`http://localhost${rawUrl.startsWith('/') ? '' : '/'}${rawUrl}`)
  const host = ctx.hosts.checkHost(req)
  if (!host.ok) return sendJson(res, host.status, { detail: host.detail })
  try {
    const match = router.match(method, url.pathname)
    if (match.kind === 'found') return await match.handler({ req, res, params: match.params, url })
    if (match.kind === 'method-not-allowed') {
      return sendJson(res, 405, { detail: `Method "${method}" not allowed.` }, { Allow: match.allowed.join(', ') })
    }
    const webRoot = ctx.options.webRoot
    if (webRoot && (method === 'GET' || method === 'HEAD') && !/^\/(api|media|ws)\//.test(url.pathname)) {
      return await serveWebClient(req, res, webRoot, url.pathname)
    }
    sendJson(res, 404, { detail: 'Not found.' })
  } catch (error) {
    if (res.headersSent) {
      res.destroy()
      return
    }
    if (error instanceof HttpError) return sendJson(res, error.status, error.body, error.headers)
    ctx.log.error({ err: error, method, path: url.pathname }, 'request failed')
    sendJson(res, 500, { detail: 'A server error occurred.' })
  }
}
