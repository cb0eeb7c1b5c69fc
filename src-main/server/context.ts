// Everything a request or socket handler needs, built once per server (server.ts).
import type { IncomingMessage } from 'node:http'
import type { User } from '../../src-shared/protocol/types'
import type { ChatService } from './chat/chat-service'
import type { WireContext } from './chat/serialize'
import type { ConversationsRepo } from './db/conversations-repo'
import type { MessagesRepo } from './db/messages-repo'
import type { Db } from './db/open-database'
import type { UsersRepo } from './db/users-repo'
import type { TokenService } from './auth/tokens'
import type { Logger } from './logger'
import type { MediaStore } from './media/media-store'
import type { MediaSigner } from './media/signing'
import type { ResolvedOptions } from './options'
import type { Hub } from './realtime/hub'
import type { RegistrationPolicy } from './lan/registration-policy'

export interface ServerContext {
  options: ResolvedOptions
  log: Logger
  db: Db
  users: UsersRepo
  conversations: ConversationsRepo
  messages: MessagesRepo
  tokens: TokenService
  media: MediaStore
  /** Null in seed-only mode: media URLs are plain paths. */
  signer: MediaSigner | null
  hub: Hub
  /** Who may register now (the host changes it while running). */
  registration: RegistrationPolicy
  chat: ChatService
  /** Feature names advertised to clients (empty in seed-only mode). */
  features: string[]
  wireContext(baseUrl: string): WireContext
  /** "http(s)://host:port" as the client reached us (its Host header), else the listening URL. */
  baseUrlFor(req: IncomingMessage): string
  /** The TLS certificate's fingerprint, or null without TLS. */
  fingerprint(): string | null
  /** The user of a valid access token, or null. */
  userForToken(token: string | null | undefined): Promise<User | null>
}

const HOST_HEADER = /^(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/

/** The Host header when it is a well-formed host[:port], else null. */
export function hostHeaderOf(req: IncomingMessage): string | null {
  const host = req.headers.host
  return host && HOST_HEADER.test(host) ? host : null
}

/** `fallback` is the listening URL; its scheme (http or https) is the one this server speaks. */
export function baseUrlFrom(req: IncomingMessage, fallback: string): string {
  const host = hostHeaderOf(req)
  return host ? `${new URL(fallback).protocol}//${host}` : fallback
}
