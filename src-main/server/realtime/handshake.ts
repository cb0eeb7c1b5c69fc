// The first frame of each socket. Seed-only servers send exactly the seed's two keys.
import type { ConnectionEstablishedFrame, User } from '../../../src-shared/protocol/types'
import type { ServerContext } from '../context'
import { serverLimits } from '../limits'

export function connectionEstablished(ctx: ServerContext, user: User, conversationId: number | null): ConnectionEstablishedFrame {
  const message = conversationId === null ? 'Connected to conversations' : 'Connected to chat'
  if (ctx.options.seedOnly) return { type: 'connection_established', message }
  const frame: ConnectionEstablishedFrame = { type: 'connection_established', message, server: 'parley', protocol: 1, user_id: user.id }
  if (conversationId !== null) frame.conversation = conversationId
  frame.features = ctx.features
  frame.limits = serverLimits(ctx.options.limits, ctx.features)
  return frame
}
