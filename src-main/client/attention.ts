// Decides what deserves the user's attention outside the window: the unread total (tray
// state and badge) and a notification for a message in a conversation that is not on
// screen. Muted conversations neither notify nor count, except a message that mentions the
// user (it always notifies); a conversation marked unread counts at least one. Pure logic
// over injected OS surfaces, so it runs the same under test.
import type { ConversationPrefs, Settings } from '../../src-shared/ipc/contract'
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
  /** This device's mute and marked-unread choices: all of them (sign-in) or one that changed. */
  prefs(list: ConversationPrefs[]): void
  pref(prefs: ConversationPrefs): void
  view(conversationId: number | null): void
  focus(focused: boolean): void
  /** Sign-out / account switch: nothing unread any more. */
  reset(): void
}

const REMEMBERED_IDS = 500

export function createAttention({ surfaces, settings, selfUserId, openConversation }: AttentionDeps): Attention {
  const unread = new Map<number, number>()
  const titles = new Map<number, string>()
  const prefsById = new Map<number, ConversationPrefs>()
  // The engine may replay a message (gap fill after a reconnect): notify once per id.
  const seen = new Set<number>()
  let viewing: number | null = null
  let focused = true
  let shownTotal = -1

  const onScreen = (conversationId: number): boolean => focused && viewing === conversationId

  function publish(): void {
    let total = 0
    for (const [id, count] of unread) if (!prefsById.get(id)?.muted) total += count
    // Marked unread: one, unless its own unread messages already count.
    for (const prefs of prefsById.values()) if (prefs.markedUnread && (prefs.muted || !unread.get(prefs.conversationId))) total += 1
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
      const self = selfUserId()
      const mentioned = self !== null && (message.mentions ?? []).includes(self)
      if (prefsById.get(message.conversation)?.muted && !mentioned) return
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
    prefs(list) {
      prefsById.clear()
      for (const prefs of list) prefsById.set(prefs.conversationId, prefs)
      publish()
    },
    pref(prefs) {
      prefsById.set(prefs.conversationId, prefs)
      publish()
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
      prefsById.clear()
      seen.clear()
      viewing = null
      publish()
    },
  }
}
