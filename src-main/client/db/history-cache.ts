// What the UI shows while the server is unreachable: the last conversation list and the
// most recent messages of each conversation, per account, sealed at rest. Served with
// live: false so the UI can say it is showing history offline.
import type { Conversation, Message } from '../../../src-shared/protocol/types'
import type { LocalDatabase } from './open-database'
import type { Sealer } from './sealed'

/** Messages kept per conversation; older pages need the server. */
export const CACHED_MESSAGES_PER_CONVERSATION = 200

export interface HistoryCache {
  saveConversations(accountId: string, conversations: Conversation[]): void
  saveConversation(accountId: string, conversation: Conversation): void
  conversations(accountId: string): Conversation[]
  saveMessages(accountId: string, messages: Message[]): void
  /** Newest `limit` cached messages older than `beforeId`, oldest first. */
  messages(accountId: string, conversationId: number, beforeId?: number, limit?: number): Message[]
  message(accountId: string, conversationId: number, messageId: number): Message | null
  clearAccount(accountId: string): void
}

export function createHistoryCache(db: LocalDatabase, sealer: Sealer): HistoryCache {
  const clearConversations = db.prepare<[string]>('DELETE FROM conversation_cache WHERE account_id = ?')
  const putConversation = db.prepare<[string, number, number, Buffer]>(
    `INSERT INTO conversation_cache (account_id, conversation_id, position, body) VALUES (?, ?, ?, ?)
     ON CONFLICT (account_id, conversation_id) DO UPDATE SET position = excluded.position, body = excluded.body`,
  )
  const minPosition = db.prepare<[string], { position: number | null }>(
    'SELECT MIN(position) AS position FROM conversation_cache WHERE account_id = ?',
  )
  const selectConversations = db.prepare<[string], { body: Buffer }>(
    'SELECT body FROM conversation_cache WHERE account_id = ? ORDER BY position',
  )
  const putMessage = db.prepare<[string, number, number, Buffer]>(
    `INSERT INTO message_cache (account_id, conversation_id, message_id, body) VALUES (?, ?, ?, ?)
     ON CONFLICT (account_id, conversation_id, message_id) DO UPDATE SET body = excluded.body`,
  )
  const trimMessages = db.prepare<[string, number, string, number, number]>(
    `DELETE FROM message_cache WHERE account_id = ? AND conversation_id = ? AND message_id NOT IN (
       SELECT message_id FROM message_cache WHERE account_id = ? AND conversation_id = ?
       ORDER BY message_id DESC LIMIT ?)`,
  )
  const selectMessages = db.prepare<[string, number, number, number], { body: Buffer }>(
    `SELECT body FROM message_cache WHERE account_id = ? AND conversation_id = ? AND message_id < ?
     ORDER BY message_id DESC LIMIT ?`,
  )
  const clearMessages = db.prepare<[string]>('DELETE FROM message_cache WHERE account_id = ?')

  const openAll = <T>(rows: { body: Buffer }[]): T[] =>
    rows.flatMap((row) => {
      const value = sealer.open<T>(row.body)
      return value ? [value] : []
    })

  return {
    saveConversations: db.transaction((accountId: string, conversations: Conversation[]) => {
      clearConversations.run(accountId)
      conversations.forEach((conversation, index) => {
        putConversation.run(accountId, conversation.id, index, sealer.seal(conversation))
      })
    }),
    saveConversation(accountId, conversation) {
      // Live updates move the conversation to the top, as the server's ordering would.
      const top = (minPosition.get(accountId)?.position ?? 0) - 1
      putConversation.run(accountId, conversation.id, top, sealer.seal(conversation))
    },
    conversations: (accountId) => openAll<Conversation>(selectConversations.all(accountId)),
    saveMessages: db.transaction((accountId: string, messages: Message[]) => {
      const touched = new Set<number>()
      for (const message of messages) {
        putMessage.run(accountId, message.conversation, message.id, sealer.seal(message))
        touched.add(message.conversation)
      }
      for (const conversationId of touched) {
        trimMessages.run(accountId, conversationId, accountId, conversationId, CACHED_MESSAGES_PER_CONVERSATION)
      }
    }),
    messages(accountId, conversationId, beforeId, limit = 100) {
      const rows = selectMessages.all(accountId, conversationId, beforeId ?? Number.MAX_SAFE_INTEGER, limit)
      return openAll<Message>(rows).reverse()
    },
    message(accountId, conversationId, messageId) {
      return this.messages(accountId, conversationId, messageId + 1, 1).find((m) => m.id === messageId) ?? null
    },
    clearAccount: db.transaction((accountId: string) => {
      clearConversations.run(accountId)
      clearMessages.run(accountId)
    }),
  }
}
