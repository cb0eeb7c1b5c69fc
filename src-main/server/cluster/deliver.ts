// A bus event to this node's sockets: the one place an event kind becomes frames, for the
// events this node made and for those of other nodes alike.
import type { Fanout } from '../chat/fanout'
import type { BusEvent, Deliver } from './bus'

export function deliverTo(fanout: Fanout): Deliver {
  return (event: BusEvent): void | Promise<void> => {
    switch (event.kind) {
      case 'messages':
        return fanout.messages(event.records)
      case 'message-updated':
        return fanout.messageUpdated(event.record, event.clientId)
      case 'typing':
        return fanout.toOthers(event.conversationId, event.userId,
          { type: 'typing', user_id: event.userId, user_email: event.userEmail, is_typing: event.isTyping })
      case 'read-receipt':
        return fanout.toOthers(event.conversationId, event.userId, { type: 'read_receipt', user_id: event.userId })
      case 'conversation':
        return fanout.conversationChanged(event.conversationId, event.latest)
      default:
        return event satisfies never
    }
  }
}
