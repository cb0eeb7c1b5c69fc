// The embedded Parley server: HTTP + WebSocket on one port, SQLite storage, media on
// disk. Plain Node (no electron import): run by the CLI, tests, or Electron's utilityProcess.
// This module's exports are the public API other parts of Parley build on.
import { mkdirSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { FEATURES } from '../../src-shared/protocol/types'
import { createAdmin, type Admin } from './admin'
import { loadOrCreateSecret } from './auth/secret'
import { TokenService } from './auth/tokens'
import { ChatService } from './chat/chat-service'
import { Fanout } from './chat/fanout'
import { baseUrlFrom, type ServerContext } from './context'
import { ConversationsRepo } from './db/conversations-repo'
import { MessagesRepo } from './db/messages-repo'
import { openDatabase } from './db/open-database'
import { WalSync } from './db/wal-sync'
import { UsersRepo } from './db/users-repo'
import type { ExtensionApi, ExtensionHandle, ServerExtension } from './extensions'
import { registerAuthRoutes } from './http/auth-routes'
import { requireUser } from './http/authenticate'
import { registerConversationRoutes } from './http/conversation-routes'
import { registerDirectoryRoutes } from './http/directory-routes'
import { registerMediaRoute } from './http/media-route'
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
import { SocketGateway } from './realtime/upgrade'
import { createLanAdmin, type LanAdmin } from './lan/lan-admin'
import { pingExtension } from './liveness/ping-extension'
import { uploadsExtension } from './uploads/uploads-extension'
import { RegistrationPolicy } from './lan/registration-policy'
import { CLOSE } from '../../src-shared/protocol/types'

export type { ParleyServerOptions } from './options'
export { DEFAULT_LIMITS, type ServerLimitsConfig } from './limits'
export type { ServerExtension, ExtensionApi, ExtensionHandle } from './extensions'
export type { ChatService, PostMessageInput, StoreFileMessageInput, PostResult } from './chat/chat-service'
export type { FrameContext, TextFrameHandler, BinaryFrameHandler } from './realtime/dispatch'
export type { CreateUserInput } from './admin'

export interface RunningParleyServer {
  /** "http://127.0.0.1:PORT" (the loopback address when listening on all interfaces). */
  url: string
  port: number
  host: string
  /** The chat service: store and broadcast messages from outside a socket. */
  chat: ChatService
  /** Stops accepting, closes sockets with 1001, finishes pending writes, closes the database. */
  close(): Promise<void>
  /** LAN hosting: registration mode, invite codes, who is connected (lan/lan-admin.ts). */
  lan: LanAdmin
  /** Accounts and conversations (admin.ts), as the CLI has them on the data folder. */
  admin: Admin
}

/** Extensions every Parley server runs unless options.extensions says otherwise. */
export const DEFAULT_EXTENSIONS: ServerExtension[] = [uploadsExtension, pingExtension]

const SHUTDOWN_GRACE_MS = 2000

export async function startParleyServer(options: ParleyServerOptions): Promise<RunningParleyServer> {
  const resolved = resolveOptions(options)
  mkdirSync(resolved.dataDir, { recursive: true, mode: 0o700 })
  const log = createLogger(resolved.logLevel, options.logToStderr ?? false)
  const db = openDatabase(resolved.dataDir, { nativeBinding: options.databaseNativeBinding })
  const secret = loadOrCreateSecret(resolved.dataDir)
  const users = new UsersRepo(db)
  const conversations = new ConversationsRepo(db)
  const messages = new MessagesRepo(db)
  const tokens = new TokenService(secret, resolved.tokens)
  const media = new MediaStore(resolved.dataDir)
  const signer = resolved.seedOnly ? null : new MediaSigner(secret, resolved.limits.mediaUrlTtlSeconds)
  const hub = new Hub()
  const registration = new RegistrationPolicy(db, resolved.registration)
  const extensions = resolved.seedOnly ? [] : options.extensions ?? DEFAULT_EXTENSIONS
  const features = resolved.seedOnly
    ? []
    : [FEATURES.clientId, FEATURES.conversationsSocket, FEATURES.signedMedia, FEATURES.userDirectory, ...extensions.map((e) => e.feature)]
  const wireContext = (baseUrl: string) => ({ baseUrl, signer, extensions: !resolved.seedOnly })
  const fanout = new Fanout(hub, conversations, wireContext, !resolved.seedOnly)
  const walSync = WalSync.forDatabase(db)
  const chat = new ChatService(db, messages, conversations, media, fanout, walSync)
  let listeningUrl = ''

  const ctx: ServerContext = {
    options: resolved, log, db, users, conversations, messages, tokens, media, signer, hub, registration, chat, features, wireContext,
    baseUrlFor: (req) => baseUrlFrom(req, listeningUrl),
    userForToken: async (token) => {
      const userId = await tokens.verify(token, 'access')
      return userId === null ? null : users.findActive(userId)
    },
  }

  const router = new Router()
  registerAuthRoutes(router, ctx)
  registerConversationRoutes(router, ctx)
  registerMediaRoute(router, ctx)
  if (!resolved.seedOnly) registerDirectoryRoutes(router, ctx)
  const frames = new FrameRegistry()
  registerSeedHandlers(frames, chat, resolved.limits, log)

  const api: ExtensionApi = {
    frames, routes: router, chat, media, limits: resolved.limits, dataDir: resolved.dataDir, log,
    authenticate: (req) => requireUser(ctx, req).catch(() => null),
    isParticipant: (conversationId, userId) => conversations.isParticipant(conversationId, userId),
    db,
    sendStoredMessage: (connection, clientId) => {
      const stored = messages.findByClientId(connection.user.id, clientId)
      // Found now (callers rely on that being synchronous), shown once its commit is durable.
      if (stored) void chat.readDurable(() => fanout.messageTo(connection, stored))
      return stored !== null
    },
  }
  const handles: ExtensionHandle[] = []
  for (const extension of extensions) {
    const handle = extension.setup(api)
    if (handle) handles.push(handle)
  }

  const gateway = new SocketGateway(ctx, frames)
  const httpServer = createServer((req, res) => void handleRequest(ctx, router, req, res))
  httpServer.on('upgrade', (req, socket, head) => gateway.handleUpgrade(req, socket, head))
  httpServer.on('clientError', (_error, socket) => socket.destroy())

  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject)
      httpServer.listen(resolved.port, resolved.host, () => {
        httpServer.off('error', reject)
        resolve()
      })
    })
  } catch (error) {
    // Extensions may have started work (the upload sweep) that still needs the database.
    for (const handle of handles) await handle.close?.()
    await walSync?.close()
    db.close()
    throw error
  }
  const port = (httpServer.address() as AddressInfo).port
  const publicHost = resolved.host === '0.0.0.0' || resolved.host === '::' ? '127.0.0.1' : resolved.host
  listeningUrl = `http://${publicHost.includes(':') ? `[${publicHost}]` : publicHost}:${port}`
  log.info({ url: listeningUrl, seedOnly: resolved.seedOnly, features }, 'parley server listening')

  const admin: Admin = createAdmin(db, {
    userRemoved: (user) => {
      for (const connection of hub.all()) if (connection.user.id === user.id) connection.close(CLOSE.unauthorized, 'Account removed')
    },
    conversationCreated: (id) => chat.conversationCreated(id),
  })

  let closing: Promise<void> | null = null
  const close = (): Promise<void> => {
    closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => httpServer.close(() => resolve()))
      gateway.closeAll()
      await chat.drained()
      for (const handle of handles) await handle.close?.()
      httpServer.closeIdleConnections()
      const forced = setTimeout(() => {
        httpServer.closeAllConnections()
        for (const connection of hub.all()) connection.ws.terminate()
      }, SHUTDOWN_GRACE_MS)
      await stopped
      clearTimeout(forced)
      await walSync?.close()
      db.close()
      log.info('parley server stopped')
    })()
    return closing
  }

  return { url: listeningUrl, port, host: resolved.host, chat, close, admin, lan: createLanAdmin(hub, registration) }
}

async function handleRequest(ctx: ServerContext, router: Router, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET'
  const rawUrl = req.url ?? '/'
  // Prefixing keeps "//host/path" a path instead of letting it name another host.
  const url = new URL(`http://localhost${rawUrl.startsWith('/') ? '' : '/'}${rawUrl}`)
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
