// Actions (edit, delete, react) go through the same group commit as messages: nothing is
// broadcast, and the sender hears nothing, before the batch's WAL sync has finished; a
// deleted message's file leaves media only after that. Real database and media folder;
// the WAL sync is gated by hand and the fan-out observed with a spy.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, it, vi } from 'vitest'
import { ChatService } from '../../src-main/server/chat/chat-service'
import { ChatRefusal } from '../../src-main/server/chat/chat-rules'
import { Fanout } from '../../src-main/server/chat/fanout'
import { LocalBus } from '../../src-main/server/cluster/bus'
import { deliverTo } from '../../src-main/server/cluster/deliver'
import { ConversationsRepo } from '../../src-main/server/db/conversations-repo'
import { MessagesRepo } from '../../src-main/server/db/messages-repo'
import { SearchIndex } from '../../src-main/server/db/search-index'
import { openDatabase } from '../../src-main/server/db/open-database'
import { MediaStore } from '../../src-main/server/media/media-store'
import { createLogger } from '../../src-main/server/logger'
import { promised } from '../../src-main/server/storage/sqlite/promised'
import { SqliteChatStore } from '../../src-main/server/storage/sqlite/sqlite-chat-store'
import { Hub } from '../../src-main/server/realtime/hub'
import { NO_EXT } from '../../src-main/server/chat/message-ext'
import { GatedSync } from './gated-sync'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

it('commits an action durably before broadcasting it or answering, and removes a file only after', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-actions-'))
  dirs.push(dir)
  const db = openDatabase(dir)
  const now = new Date().toISOString()
  db.prepare("INSERT INTO users (id, email, full_name, password_hash, created_at) VALUES (1, 'a@x', 'A', 'h', ?)").run(now)
  const conversations = new ConversationsRepo(db)
  const conversationId = conversations.create([1], '', null)
  const messages = new MessagesRepo(db, new SearchIndex(db))
  const media = new MediaStore(dir)
  const conversationsStore = promised(conversations, ['create', 'findDirect', 'isParticipant', 'participantIds', 'participants',
    'participantsForUser', 'summary', 'listForUser', 'unreadCount', 'lastMessageId'])
  const fanout = new Fanout(new Hub(), conversationsStore, (baseUrl) => ({ baseUrl, signer: null, extensions: true, ext: NO_EXT }), true,
    createLogger('silent', false))
  const updated = vi.spyOn(fanout, 'messageUpdated')
  const gate = new GatedSync()
  // The SQLite engine's chat store with the WAL sync gated by hand.
  const store = new SqliteChatStore(db, messages, conversations, gate)
  const storage = {
    chat: store,
    messages: promised(messages, ['get', 'findByClientId', 'history', 'around', 'changes', 'newestRevision', 'attachmentOwner']),
    readDurable: <T>(read: () => Promise<T>) => store.whenDurable(read),
  }
  const chat = new ChatService(storage, media, fanout, new LocalBus(deliverTo(fanout)))
  const sender = { id: 1, email: 'a@x', user_type: 'talker', full_name: 'A' }

  const saved = chat.saveFileMessage({ conversationId, sender, content: '', filename: 'a.txt', data: Buffer.from('bytes') })
  await gate.release()
  const file = (await saved).message
  const path = join(dir, 'media', file.attachment?.storedPath ?? '')
  expect(existsSync(path)).toBe(true)

  let answered = false
  const edit = chat.act({ conversationId, actor: sender, messageId: file.id, clientId: 'e', action: { kind: 'edit', content: 'caption', mentions: null } })
    .then((record) => { answered = true; return record })
  await vi.waitFor(() => expect(gate.pending).toHaveLength(1)) // committed, syncing
  expect(messages.get(file.id)?.content).toBe('caption')
  await new Promise((resolve) => setImmediate(resolve))
  expect(updated).not.toHaveBeenCalled()
  expect(answered).toBe(false)
  await gate.release()
  expect((await edit).editedAt).toEqual(expect.any(String))
  expect(updated).toHaveBeenCalledTimes(1)

  const removal = chat.act({ conversationId, actor: sender, messageId: file.id, clientId: null, action: { kind: 'delete' } })
  await vi.waitFor(() => expect(gate.pending).toHaveLength(1))
  await new Promise((resolve) => setImmediate(resolve))
  expect(existsSync(path)).toBe(true) // not before the deletion is durable
  expect(updated).toHaveBeenCalledTimes(1)
  await gate.release()
  expect((await removal).deleted).toBe(true)
  expect(updated).toHaveBeenCalledTimes(2)
  expect(existsSync(path)).toBe(false)
  expect(messages.attachmentOwner(file.attachment?.storedPath ?? '')).toBeNull()

  // A refusal stores nothing and broadcasts nothing.
  const refused = chat.act({ conversationId, actor: sender, messageId: file.id, clientId: 'r', action: { kind: 'react', emoji: '👍', on: true } })
  await gate.release()
  await expect(refused).rejects.toBeInstanceOf(ChatRefusal)
  expect(messages.actionTarget(1, 'r')).toBeNull()
  expect(updated).toHaveBeenCalledTimes(2)
  await chat.drained()
  db.close()
})
