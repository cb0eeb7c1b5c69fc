// The action frames of the chat extensions (docs/protocol.md "Actions on a sent message"):
// edit_message, delete_message, react. The frame's shape is checked here; whether the
// action is allowed is decided by ChatService.act inside the commit.
import type { ChatService } from '../chat/chat-service'
import type { MessageAction } from '../chat/chat-rules'
import { isOneEmoji } from '../chat/emoji'
import type { Logger } from '../logger'
import { messageTooLong, type ServerLimitsConfig } from '../limits'
import type { FrameContext, FrameRegistry, JsonFrame } from './dispatch'
import { answerFailure } from './seed-handlers'
import { isId, readMentions, type Read } from './send-extras'

export function registerActionHandlers(frames: FrameRegistry, chat: ChatService, limits: ServerLimitsConfig, log: Logger): void {
  const handle = (read: (frame: JsonFrame) => Read<MessageAction>) => async (frame: JsonFrame, ctx: FrameContext) => {
    if (!isId(frame.message_id)) return ctx.connection.sendError('message_id must be a message id', ctx.clientId)
    const action = read(frame)
    if (!action.ok) return ctx.connection.sendError(action.error, ctx.clientId)
    try {
      await chat.act({
        conversationId: ctx.conversationId, actor: ctx.user, messageId: frame.message_id, clientId: ctx.clientId, action: action.value,
      }, ctx.connection)
    } catch (error) {
      answerFailure(ctx, error, log)
    }
  }

  frames.text('edit_message', handle((frame) => {
    const content = frame.message
    if (typeof content !== 'string') return { ok: false, error: 'Message content is required' }
    if (content.length > limits.maxMessageChars) return { ok: false, error: messageTooLong(limits) }
    const mentions = readMentions(frame.mentions)
    if (!mentions.ok) return mentions
    return { ok: true, value: { kind: 'edit', content, mentions: mentions.value } }
  }))

  frames.text('delete_message', handle(() => ({ ok: true, value: { kind: 'delete' } })))

  frames.text('react', handle((frame) => {
    if (!isOneEmoji(frame.emoji)) return { ok: false, error: 'emoji must be one emoji' }
    if (typeof frame.on !== 'boolean') return { ok: false, error: 'on must be true or false' }
    return { ok: true, value: { kind: 'react', emoji: frame.emoji, on: frame.on } }
  }))
}
