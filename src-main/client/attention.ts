// Decides what deserves the user's attention outside the window: the unread total (tray
// state and badge) and a notification for a message in a conversation that is not on
// screen. Pure logic over injected OS surfaces, so it runs the same under test.
import type { Settings } from '../../src-shared/ipc/contract'
import type { Conversation, Message } from '../../src-shared/protocol/types'

export interface ChatNotification {
  title: string
  body: string
  conversationId: number
}

export interface OsSurfaces {
  notify(notification: ChatNotification, onClick: () => void): void
  /** Tray unread state and the dock/taskbar badge. */
  setUnread(total: number): void
}

export interface AttentionDeps {
  surfaces: OsSurfaces
  settings: () => Settings
  selfUserId: () => number | null
  /** Brings the window up on the conversation (notification click). */
  openConversation: (conversationId: number) => void
}

export interface Attention {
  conversations(list: Conversation[]): void
  conversation(conversation: Conversation): void
  message(message: Message): void
  view(conversationId: number | null): void
  focus(focused: boolean): void
  /** Sign-out / account switch: nothing unread any more. */
  reset(): void
}

const REMEMBERED_IDS = 500

export function createAttention({ surfaces, settings, selfUserId, openConversation }: AttentionDeps): Attention {
  const unread = new Map<number, number>()
  const titles = new Map<number, string>()
  // The engine may replay a message (gap fill after a reconnect): notify once per id.
  const seen = new Set<number>()
  let viewing: number | null = null
  let focused = true
  let shownTotal = -1

  const onScreen = (conversationId: number): boolean => focused && viewing === conversationId

  function publish(): void {
    let total = 0
    for (const count of unread.values()) total += count
    if (total !== shownTotal) {
      shownTotal = total
      surfaces.setUnread(total)
    }
  }

  function remember(conversation: Conversation): void {
    unread.set(conversation.id, onScreen(conversation.id) ? 0 : Math.max(0, conversation.unread_count))
    if (conversation.title) titles.set(conversation.id, conversation.title)
  }

  return {
    conversations(list) {
      unread.clear()
      list.forEach(remember)
      publish()
    },
    conversation(conversation) {
      remember(conversation)
      publish()
    },
    message(message) {
      if (seen.has(message.id)) return
      seen.add(message.id)
      if (seen.size > REMEMBERED_IDS) seen.delete(seen.values().next().value as number)
      // Unread counts come from the engine's conversation events (it keeps the list, fed by
      // the server's list socket or by messages): counting here as well would double them.
      if (message.sender.id === selfUserId() || message.is_read || onScreen(message.conversation)) return
      if (!settings().notifications) return
      const sender = message.sender.full_name || message.sender.email
      const title = titles.get(message.conversation)
      surfaces.notify(
        {
          title: title ? `${sender} in ${title}` : sender,
          body: message.message_type === 'file' ? `📎 ${message.file_attachment?.filename ?? 'File'}` : message.content,
          conversationId: message.conversation,
        },
        () => openConversation(message.conversation),
      )
    },
    view(conversationId) {
      viewing = conversationId
      if (conversationId !== null && focused) unread.set(conversationId, 0)
      publish()
    },
    focus(value) {
      focused = value
      if (focused && viewing !== null) unread.set(viewing, 0)
      publish()
    },
    reset() {
      unread.clear()
      titles.clear()
      seen.clear()
      viewing = null
      publish()
    },
  }
}
