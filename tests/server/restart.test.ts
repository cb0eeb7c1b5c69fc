// A restart in the middle of a conversation keeps users, conversations, messages, read
// state, files and tokens; sockets are closed with 1001 and reconnect.
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import type { Conversation, Message } from '../../src-shared/protocol/types'
import { startTestServer, stopAllTestServers } from './helpers'

afterEach(stopAllTestServers)

it('keeps everything across a restart on the same data folder', async () => {
  const t = await startTestServer()
  const ada = await t.addUser('ada')
  const bob = await t.addUser('bob')
  const id = await t.conversation(ada, bob)
  const a = await t.connect(id, ada)
  const b = await t.connect(id, bob)
  a.send({ type: 'chat_message', message: 'before restart' })
  a.send({ type: 'file_message', filename: 'kept.txt', file: Buffer.from('kept bytes').toString('base64') })
  await b.next('message')
  const fileMessage = await b.next<Message>('message')
  b.send({ type: 'mark_read' })
  await a.next('read_receipt')
  a.send({ type: 'chat_message', message: 'unread after restart' })
  await b.next('message')

  await t.restart()
  expect((await a.closed).code).toBe(1001)
  expect((await b.closed).code).toBe(1001)
  expect(statSync(join(t.dataDir, 'secret.key')).mode & 0o777).toBe(0o600)

  // Old tokens still work: REST and sockets.
  const history = await t.request<Message[]>(`/api/chat/conversations/${id}/messages/`, { token: bob.access })
  expect(history.body.map((m) => [m.content, m.is_read])).toEqual([
    ['before restart', true], ['', true], ['unread after restart', false],
  ])
  expect(history.body[1]?.id).toBe(fileMessage.id)
  const list = await t.request<Conversation[]>('/api/chat/conversations/', { token: bob.access })
  expect(list.body[0]).toMatchObject({ id, unread_count: 1, last_message_preview: 'unread after restart' })
  expect(await (await fetch(history.body[1]!.file_attachment!.file_url)).text()).toBe('kept bytes')
  expect(await (await fetch(fileMessage.file_attachment!.file_url)).text()).toBe('kept bytes')
  const again = await t.connect(id, ada)
  again.send({ type: 'chat_message', message: 'after restart' })
  const after = await again.next<Message>('message')
  expect(after.id).toBeGreaterThan(history.body[2]!.id)
  await t.login(ada.email, ada.password)
})
