// The seed protocol's four client frames (Part A, docs/protocol.md "Seed surface"), with its exact error texts.
// With the Parley extensions on, chat_message and file_message also take `reply_to` and `mentions`.
import { formatFileSize } from '../../../src-shared/protocol/format'
import type { ChatService } from '../chat/chat-service'
import { ChatRefusal } from '../chat/chat-rules'
import type { Logger } from '../logger'
import { sanitizeFilename } from '../media/filenames'
import { messageTooLong, type ServerLimitsConfig } from '../limits'
import { decodeBase64File } from './base64'
import type { FrameContext, FrameRegistry } from './dispatch'
import { readSendExtras } from './send-extras'

export const STORE_FAILED = 'Could not store the message, please retry'

/** A refusal (ChatRefusal) is answered in its own words; anything else is a storage failure, logged. */
export function answerFailure(ctx: FrameContext, error: unknown, log: Logger): void {
  if (error instanceof ChatRefusal) return ctx.connection.sendError(error.message, ctx.clientId)
  log.error({ err: error, conversationId: ctx.conversationId, userId: ctx.user.id }, 'message not stored')
  ctx.connection.sendError(STORE_FAILED, ctx.clientId)
}

/** `extensions`: reply_to and mentions are read (the chat extensions are on). */
export function registerSeedHandlers(
  frames: FrameRegistry, chat: ChatService, limits: ServerLimitsConfig, log: Logger, extensions: boolean,
): void {
  const failed = (ctx: FrameContext, error: unknown): void => answerFailure(ctx, error, log)

  frames.text('chat_message', async (frame, ctx) => {
    const content = frame.message
    if (typeof content !== 'string' || content.trim() === '') {
      return ctx.connection.sendError('Message content is required', ctx.clientId)
    }
    if (content.length > limits.maxMessageChars) {
      return ctx.connection.sendError(messageTooLong(limits), ctx.clientId)
    }
    const extras = readSendExtras(frame, extensions)
    if (!extras.ok) return ctx.connection.sendError(extras.error, ctx.clientId)
    try {
      await chat.postMessage({
        conversationId: ctx.conversationId, sender: ctx.user, content, clientId: ctx.clientId, ...extras.value,
      }, ctx.connection)
    } catch (error) {
      failed(ctx, error)
    }
  })

  frames.text('file_message', async (frame, ctx) => {
    const { file, filename } = frame
    if (!file || !filename) return ctx.connection.sendError('File data and filename are required', ctx.clientId)
    if (typeof file !== 'string') return ctx.connection.sendError('Invalid file data', ctx.clientId)
    const name = typeof filename === 'string' ? sanitizeFilename(filename) : null
    if (!name) return ctx.connection.sendError('Invalid filename', ctx.clientId)
    const caption = frame.message ?? ''
    if (typeof caption !== 'string') return ctx.connection.sendError('Message must be text', ctx.clientId)
    if (caption.length > limits.maxMessageChars) {
      return ctx.connection.sendError(messageTooLong(limits), ctx.clientId)
    }
    const extras = readSendExtras(frame, extensions)
    if (!extras.ok) return ctx.connection.sendError(extras.error, ctx.clientId)
    const decoded = decodeBase64File(file, limits.maxFileBytes)
    // The base64 text (up to max_frame_bytes) must not outlive its decoding: this handler
    // stays suspended while the file is written, and the frame object with it.
    delete frame.file
    if (decoded.kind === 'too-large') {
      return ctx.connection.sendError(`File too large (max ${formatFileSize(limits.maxFileBytes)})`, ctx.clientId)
    }
    if (decoded.kind === 'invalid') return ctx.connection.sendError('Invalid file data', ctx.clientId)
    const saved = chat.saveFileMessage({
      conversationId: ctx.conversationId, sender: ctx.user, content: caption, clientId: ctx.clientId, filename: name, data: decoded.bytes,
      ...extras.value,
    }, ctx.connection)
    // Messages sent after this file must not overtake it while it is written to disk.
    ctx.holdUntil(saved)
    try {
      await saved
    } catch (error) {
      failed(ctx, error)
    }
  })

  frames.text('typing', (frame, ctx) => {
    const isTyping = frame.is_typing ?? false
    if (typeof isTyping !== 'boolean') return ctx.connection.sendError('is_typing must be true or false')
    chat.typing(ctx.conversationId, ctx.user, isTyping)
  })

  frames.text('mark_read', async (_frame, ctx) => {
    await chat.markRead(ctx.conversationId, ctx.user)
  })
}
