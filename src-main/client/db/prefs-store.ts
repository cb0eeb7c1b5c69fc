// The engine's PrefsStorage over main's local database: mute and marked-unread per
// conversation, per account (main runs one engine per account, so the account is bound
// here and the engine's server/user pair is not needed).
import type { PrefsStorage } from '../../../src-shared/client/deps'
import type { ConversationPrefs } from '../../../src-shared/client/types'
import type { LocalDatabase } from './open-database'

export interface PrefsStore {
  /** The storage one account's engine uses. */
  forAccount(accountId: string): PrefsStorage
  clearAccount(accountId: string): void
}

export function createPrefsStore(db: LocalDatabase): PrefsStore {
  const select = db.prepare<[string], { conversation_id: number; muted: number; marked_unread: number }>(
    'SELECT conversation_id, muted, marked_unread FROM conversation_prefs WHERE account_id = ?',
  )
  const upsert = db.prepare<[string, number, number, number]>(
    `INSERT INTO conversation_prefs (account_id, conversation_id, muted, marked_unread) VALUES (?, ?, ?, ?)
     ON CONFLICT (account_id, conversation_id) DO UPDATE SET muted = excluded.muted, marked_unread = excluded.marked_unread`,
  )
  const deleteOne = db.prepare<[string, number]>('DELETE FROM conversation_prefs WHERE account_id = ? AND conversation_id = ?')
  const deleteAccount = db.prepare<[string]>('DELETE FROM conversation_prefs WHERE account_id = ?')

  return {
    forAccount: (accountId) => ({
      load: (): ConversationPrefs[] =>
        select.all(accountId).map((row) => ({ conversationId: row.conversation_id, muted: row.muted === 1, markedUnread: row.marked_unread === 1 })),
      put(_account, prefs) {
        if (prefs.muted || prefs.markedUnread) upsert.run(accountId, prefs.conversationId, prefs.muted ? 1 : 0, prefs.markedUnread ? 1 : 0)
        else deleteOne.run(accountId, prefs.conversationId)
      },
    }),
    clearAccount: (accountId) => void deleteAccount.run(accountId),
  }
}
