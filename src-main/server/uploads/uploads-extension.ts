// The `chunked_upload` server extension: wires the upload manager into the chat socket
// (upload_start / upload_resume / upload_cancel text frames, binary chunk frames, socket
// close) and sweeps expired partial uploads at start and every hour.
import { makePrivateFolder } from '../data-folder'
import { join } from 'node:path'
import type { z } from 'zod'
import { FEATURES, type User } from '../../../src-shared/protocol/types'
import { UPLOAD_ID_PATTERN, uploadCancelSchema, uploadResumeSchema, uploadStartSchema } from '../../../src-shared/protocol/upload'
import type { ExtensionApi, ServerExtension } from '../extensions'
import type { ClientConnection } from '../realtime/connection'
import { readSendExtras } from '../realtime/send-extras'
import { messageTooLong } from '../limits'
import type { FrameContext, JsonFrame } from '../realtime/dispatch'
import type { UploadConnection } from './active-upload'
import { DEFAULT_UPLOAD_MAX_AGE_MS, sweepUploads } from './cleanup'
import { finalizeUpload } from './finalize'
import { UploadManager } from './upload-manager'
import { uploadError } from './upload-errors'

const SWEEP_INTERVAL_MS = 60 * 60 * 1000
/** Bytes of the largest chunk header (64-character upload id). */
const MAX_CHUNK_HEADER_BYTES = 76
/** Unacknowledged bytes per upload: enough to keep a LAN link busy, small enough to be flat. */
const WINDOW_CHUNKS = 8
const STATE_KEY = 'chunked_upload'

export interface UploadsExtensionOptions {
  /** Partial uploads untouched this long are deleted (default 24 h). */
  maxAgeMs?: number
}

export function createUploadsExtension(options: UploadsExtensionOptions = {}): ServerExtension {
  return { feature: FEATURES.chunkedUpload, setup: (api) => setupUploads(api, options) }
}

export const uploadsExtension = createUploadsExtension()

function setupUploads(api: ExtensionApi, options: UploadsExtensionOptions) {
  const { limits, log } = api
  if (limits.chunkBytes + MAX_CHUNK_HEADER_BYTES > limits.maxFrameBytes) {
    throw new Error('Limit chunkBytes must leave room for the chunk header within maxFrameBytes')
  }
  const uploadsDir = join(api.dataDir, 'uploads')
  makePrivateFolder(uploadsDir)
  const repo = api.storage.uploads
  const manager = new UploadManager({
    repo,
    uploadsDir,
    maxFileBytes: limits.maxFileBytes,
    chunkBytes: limits.chunkBytes,
    windowBytes: WINDOW_CHUNKS * limits.chunkBytes,
    isParticipant: api.isParticipant,
    sendStoredMessage: (conn, clientId) => api.sendStoredMessage(clientOf(conn), clientId),
    complete: (record, path, sender, origin) =>
      finalizeUpload(api, record, path, sender, origin ? clientOf(origin) : undefined),
    log,
  })

  const maxAgeMs = options.maxAgeMs ?? DEFAULT_UPLOAD_MAX_AGE_MS
  const sweep = () =>
    sweepUploads({ repo, uploadsDir, maxAgeMs, now: new Date(), isActive: (id) => manager.isActive(id), log }).catch(
      (error: unknown) => log.error({ err: error }, 'partial upload sweep failed'),
    )
  const firstSweep = sweep()
  const timer = setInterval(() => void sweep(), SWEEP_INTERVAL_MS)
  timer.unref()

  api.frames.text('upload_start', (frame, ctx) => {
    const parsed = parseFrame(uploadStartSchema, frame, ctx)
    if (!parsed) return
    if ((parsed.message ?? '').length > limits.maxMessageChars) {
      return ctx.connection.sendError(messageTooLong(limits), ctx.clientId)
    }
    const extras = readSendExtras(frame, true)
    if (!extras.ok) return ctx.connection.sendError(extras.error, ctx.clientId)
    return manager.start(uploadConnection(ctx.connection), parsed, extras.value)
  })
  api.frames.text('upload_resume', (frame, ctx) => {
    const parsed = parseFrame(uploadResumeSchema, frame, ctx)
    if (parsed) return manager.resume(uploadConnection(ctx.connection), parsed)
  })
  api.frames.text('upload_cancel', (frame, ctx) => {
    const parsed = parseFrame(uploadCancelSchema, frame, ctx)
    if (parsed) return manager.cancel(uploadConnection(ctx.connection), parsed)
  })
  api.frames.binary((data, ctx) => manager.chunk(uploadConnection(ctx.connection), data))
  api.frames.onClose((connection) => {
    const conn = connection.state.get(STATE_KEY)
    if (conn instanceof SocketUploadConnection) manager.release(conn)
  })

  return {
    close: async () => {
      clearInterval(timer)
      await firstSweep
      await manager.close()
    },
  }
}

/** The chat socket seen through the narrow interface the manager needs; one per socket. */
class SocketUploadConnection implements UploadConnection {
  constructor(readonly client: ClientConnection) {}

  get user(): User {
    return this.client.user
  }

  get conversationId(): number {
    return this.client.conversationId as number
  }

  send(frame: object): void {
    this.client.send(frame)
  }

  pause(): void {
    this.client.pauseReading('upload window')
  }

  resume(): void {
    this.client.resumeReading('upload window')
  }
}

function uploadConnection(client: ClientConnection): SocketUploadConnection {
  let conn = client.state.get(STATE_KEY)
  if (!(conn instanceof SocketUploadConnection)) {
    conn = new SocketUploadConnection(client)
    client.state.set(STATE_KEY, conn)
  }
  return conn as SocketUploadConnection
}

function clientOf(conn: UploadConnection): ClientConnection {
  return (conn as SocketUploadConnection).client
}

function parseFrame<T extends z.ZodType>(schema: T, frame: JsonFrame, ctx: FrameContext): z.infer<T> | null {
  const parsed = schema.safeParse(frame)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const field = issue?.path.join('.') ?? ''
  const message = field ? `Invalid ${field}: ${issue?.message}` : (issue?.message ?? 'Invalid frame')
  const clientId = typeof frame.client_id === 'string' ? frame.client_id : undefined
  const uploadId = typeof frame.upload_id === 'string' && UPLOAD_ID_PATTERN.test(frame.upload_id) ? frame.upload_id : undefined
  ctx.connection.send(uploadError('invalid_frame', message, { clientId, uploadId }))
  return null
}
