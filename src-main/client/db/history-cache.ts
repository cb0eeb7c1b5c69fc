// What the UI shows while the server is unreachable: the last conversation list and the
// most recent messages of each conversation, per account, sealed at rest. Served with
// live: false so the UI can say it is showing history offline. Edits, deletions and
// reactions update the rows held; offline search decrypts and matches them in JS (the
// rows are sealed, so SQLite cannot index their text).
import type { SearchHit, SearchQuery } from '../../../src-shared/client/types'
import { matchMessage, queryWords } from '../../../src-shared/client/search-text'
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
  /** A changed message: replaces the row when held and older; never adds one. True when replaced. */
  updateMessage(accountId: string, message: Message): boolean
  /** Offline search over the held messages, newest first, `limit` per page (`before` pages on). */
  search(accountId: string, query: SearchQuery, limit: number): { hits: SearchHit[]; hasMore: boolean }
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
  const selectOne = db.prepare<[string, number, number], { body: Buffer }>(
    'SELECT body FROM message_cache WHERE account_id = ? AND conversation_id = ? AND message_id = ?',
  )
  const replaceBody = db.prepare<[Buffer, string, number, number]>(
    'UPDATE message_cache SET body = ? WHERE account_id = ? AND conversation_id = ? AND message_id = ?',
  )
  const selectForSearch = db.prepare<[string, number, number, number], { body: Buffer }>(
    `SELECT body FROM message_cache WHERE account_id = ? AND (? = 0 OR conversation_id = ?) AND message_id < ?
     ORDER BY message_id DESC`,
  )

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
    updateMessage(accountId, message) {
      const row = selectOne.get(accountId, message.conversation, message.id)
      if (!row) return false
      const held = sealer.open<Message>(row.body)
      // An older change arriving late (a slow changes page) must not undo a newer one.
      if (held?.revision !== undefined && message.revision !== undefined && held.revision >= message.revision) return false
      replaceBody.run(sealer.seal(message), accountId, message.conversation, message.id)
      return true
    },
    search(accountId, query, limit) {
      const terms = queryWords(query.text)
      const hits: SearchHit[] = []
      if (!terms.length) return { hits, hasMore: false }
      const conversation = query.conversationId ?? 0
      for (const row of selectForSearch.iterate(accountId, conversation, conversation, query.before ?? Number.MAX_SAFE_INTEGER)) {
        const message = sealer.open<Message>(row.body)
        const match = message ? matchMessage(message, terms) : null
        if (!message || !match) continue
        if (hits.length === limit) return { hits, hasMore: true }
        hits.push({ message, conversationId: message.conversation, ...match })
      }
      return { hits, hasMore: false }
    },
    clearAccount: db.transaction((accountId: string) => {
      clearConversations.run(accountId)
      clearMessages.run(accountId)
    }),
  }
}
