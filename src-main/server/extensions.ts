// Server extensions: optional features that plug into the chat socket's frame table,
// the HTTP router and the chat service. Each names the feature it adds to
// connection_established.features and /api/parley/info/. In seed-only mode none is set
// up. How to write one: see the comment at the top of realtime/dispatch.ts; the ones a
// server runs by default are DEFAULT_EXTENSIONS in server.ts.
import type { IncomingMessage } from 'node:http'
import type { User } from '../../src-shared/protocol/types'
import type { ChatService } from './chat/chat-service'
import type { Logger } from './logger'
import type { MediaStore } from './media/media-store'
import type { ClientConnection } from './realtime/connection'
import type { FrameRegistry } from './realtime/dispatch'
import type { Router } from './http/router'
import type { ServerLimitsConfig } from './limits'
import type { Storage } from './storage/storage'

export interface ExtensionApi {
  /** Chat socket frame handlers (text frames by type, binary frames, socket close). */
  frames: FrameRegistry
  /** HTTP routes; throw http/respond.ts HttpError for error answers. */
  routes: Router
  /** Store and broadcast messages (storeFileMessage for files already under media). */
  chat: ChatService
  /** media.allocate(filename) gives the final location of a new file under the media root. */
  media: MediaStore
  limits: ServerLimitsConfig
  /** Where an extension keeps files: the data folder on one server; in a cluster the folder every node shares. */
  dataDir: string
  log: Logger
  /** The user behind a request's "Authorization: Bearer <access>", or null. */
  authenticate(req: IncomingMessage): Promise<User | null>
  isParticipant(conversationId: number, userId: number): Promise<boolean>
  /** The server's storage (storage/storage.ts); an extension's tables come with a numbered migration of each engine. */
  storage: Storage
  /** Sends `connection` the message its user already stored under `clientId` (once durable); false when none. */
  sendStoredMessage(connection: ClientConnection, clientId: string): Promise<boolean>
}

export interface ExtensionHandle {
  /** Called at shutdown after sockets are closed, before the database closes. */
  close?(): void | Promise<void>
}

export interface ServerExtension {
  /** Feature name advertised to clients (FEATURES in src-shared/protocol/types.ts). */
  feature: string
  setup(api: ExtensionApi): void | ExtensionHandle
}
