// Everything a request or socket handler needs, built once per server (server.ts).
import type { IncomingMessage } from 'node:http'
import type { ChatService } from './chat/chat-service'
import type { DeclaredExt } from './chat/message-ext'
import type { WireContext } from './chat/serialize'
import type { HashQueue } from './auth/hash-queue'
import type { LoginThrottle } from './auth/login-throttle'
import type { Sessions } from './auth/sessions'
import type { Logger } from './logger'
import type { MediaStore } from './media/media-store'
import type { MediaSigner } from './media/signing'
import type { ResolvedOptions } from './options'
import { hostPart, type HostPolicy } from './http/host-policy'
import type { TrustedProxies } from './http/trusted-proxies'
import type { Hub } from './realtime/hub'
import type { RegistrationPolicy } from './lan/registration-policy'
import type { Storage } from './storage/storage'

export interface ServerContext {
  options: ResolvedOptions
  log: Logger
  /** Users, conversations, messages, search, sessions: every read and write of the server's data. */
  storage: Storage
  media: MediaStore
  /** Null in seed-only mode: media URLs are plain paths. */
  signer: MediaSigner | null
  hub: Hub
  /** Who may register now (the host changes it while running). */
  registration: RegistrationPolicy
  chat: ChatService
  /** Feature names advertised to clients (empty in seed-only mode). */
  features: string[]
  /** How objects are serialized for a recipient at `baseUrl` that declared `ext`. */
  wireContext(baseUrl: string, ext: DeclaredExt): WireContext
  /** Failed sign-ins per account and per address. */
  loginThrottle: LoginThrottle
  /** Every password hash and check goes through it (at most one at a time). */
  hashQueue: HashQueue
  /** The names this server answers to, and the browser pages that may open its sockets. */
  hosts: HostPolicy
  /** "http(s)://host:port" as the client reached us (its Host header; the scheme a trusted proxy says), else the listening URL. */
  baseUrlFor(req: IncomingMessage): string
  /** The reverse proxies whose X-Forwarded-For / -Proto are believed (`--trusted-proxy`). */
  proxies: TrustedProxies
  /** The TLS certificate's fingerprint, or null without TLS. */
  fingerprint(): string | null
  /** Sign-in sessions: tokens issued, checked, refreshed and revoked. */
  sessions: Sessions
}

/** The Host header when it is a well-formed host[:port], else null. */
export function hostHeaderOf(req: IncomingMessage): string | null {
  const host = req.headers.host
  return host && hostPart(host) !== null ? host : null
}

/** `fallback` is the listening URL; its scheme (http or https) is the one this server speaks, unless a trusted proxy says the client used another. */
export function baseUrlFrom(req: IncomingMessage, fallback: string, proxies: TrustedProxies): string {
  const host = hostHeaderOf(req)
  return host ? `${proxies.scheme(req, new URL(fallback).protocol as 'http:' | 'https:')}//${host}` : fallback
}
