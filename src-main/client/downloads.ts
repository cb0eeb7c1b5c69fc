// Received files: downloaded once into the cache folder (per account and message) and
// reused, streamed to a temp file and renamed so a broken transfer leaves nothing half-
// written under the final name.
import { createWriteStream } from 'node:fs'
import { mkdir, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as NodeReadableStream } from 'node:stream/web'
import type { FileAttachment } from '../../src-shared/protocol/types'
import { ParleyError, parleyError } from '../../src-shared/client/errors'
import { sanitizeFileName } from './file-names'

export interface DownloadRequest {
  attachment: FileAttachment
  /** The account's server origin: the access token is sent only to it, never elsewhere. */
  server: string
  accessToken: string | null
  /** Main's one HTTP transport (the client runtime's), the same REST and media use. */
  fetch: typeof globalThis.fetch
}

/** `fetch` is main's pinned transport (tls/pinned-transport.ts): a download is held to the server's pin. */
export async function downloadTo(target: string, { attachment, server, accessToken, fetch }: DownloadRequest): Promise<void> {
  const url = new URL(attachment.file_url, server)
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw parleyError('server', 'The server gave an unusable file address.')
  const headers: Record<string, string> = {}
  if (accessToken && url.origin === new URL(server).origin) headers.Authorization = `Bearer ${accessToken}`
  let response: Response
  try {
    response = await fetch(url, { headers })
  } catch (error) {
    if (error instanceof ParleyError) throw error // a refused certificate, in words
    throw parleyError('network', `Can't download ${attachment.filename}: the server can't be reached.`)
  }
  if (response.status === 404 || response.status === 410) throw parleyError('not-found', `${attachment.filename} is no longer on the server.`)
  if (!response.ok || !response.body) throw parleyError('server', `The server refused to send ${attachment.filename} (HTTP ${response.status}).`)
  await mkdir(join(target, '..'), { recursive: true })
  const partial = `${target}.part`
  try {
    await pipeline(Readable.fromWeb(response.body as NodeReadableStream), createWriteStream(partial, { mode: 0o600 }))
    await rename(partial, target)
  } catch {
    await rm(partial, { force: true })
    throw parleyError('network', `The download of ${attachment.filename} was interrupted.`)
  }
}

/** Where an opened attachment is kept; downloaded on first open only. */
export async function cachedDownload(cacheDir: string, accountId: string, messageId: number, request: DownloadRequest): Promise<string> {
  const target = join(cacheDir, 'files', accountId, String(messageId), sanitizeFileName(request.attachment.filename))
  const existing = await stat(target).catch(() => null)
  if (existing?.isFile() && existing.size === request.attachment.file_size) return target
  await downloadTo(target, request)
  return target
}

export async function wipeAccountDownloads(cacheDir: string, accountId: string): Promise<void> {
  await rm(join(cacheDir, 'files', accountId), { recursive: true, force: true })
}
