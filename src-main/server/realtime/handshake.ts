// The first frame of each socket. Seed-only servers send exactly the seed's two keys.
import type { ConnectionEstablishedFrame, User } from '../../../src-shared/protocol/types'
import { readsChanges, type DeclaredExt } from '../chat/message-ext'
import type { ServerContext } from '../context'
import { serverLimits } from '../limits'

/**
 * Call once the socket is in the hub: a chat socket that reads changes gets the
 * conversation's newest revision, and every change after it reaches the socket as
 * message_updated, so a client that has just loaded the newest page starts its change
 * catch-up there instead of paging every change the conversation ever had.
 */
export async function connectionEstablished(
  ctx: ServerContext, user: User, conversationId: number | null, ext: DeclaredExt,
): Promise<ConnectionEstablishedFrame> {
  const message = conversationId === null ? 'Connected to conversations' : 'Connected to chat'
  if (ctx.options.seedOnly) return { type: 'connection_established', message }
  const frame: ConnectionEstablishedFrame = { type: 'connection_established', message, server: 'parley', protocol: 1, user_id: user.id }
  if (conversationId !== null) frame.conversation = conversationId
  if (conversationId !== null && readsChanges(ext)) frame.revision = await ctx.storage.messages.newestRevision(conversationId)
  frame.features = ctx.features
  frame.limits = serverLimits(ctx.options.limits, ctx.features)
  return frame
}
