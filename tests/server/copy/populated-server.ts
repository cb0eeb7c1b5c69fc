// A SQLite server filled by the real server code over its real sockets and REST, with
// something of every kind of state the copy must move: users (one removed, one with a
// new password), a 1:1 and a group conversation, text and file messages, an edit, a
// deletion (of a file: its attachment and file gone), reactions (order of first use),
// mentions, a reply, read state, an action resent, invites (used and unused), sessions
// (one revoked by a refresh reuse), a chunked upload left half way, and media files.
import type { Message } from '../../../src-shared/protocol/types'
import type { UploadReadyFrame } from '../../../src-shared/protocol/upload'
import { startTestServer, type TestServer, type TestSocket, type TestUser } from '../helpers'
import { startUpload } from '../upload-client'

const EXT = 'ext=edit,delete,reply,reactions,mentions'

export interface PopulatedServer {
  t: TestServer
  ada: TestUser
  bob: TestUser
  carol: TestUser
  direct: number
  group: number
  /** Carol's password after the reset (the old one no longer works). */
  carolPassword: string
}

async function send(socket: TestSocket, frame: Record<string, unknown>): Promise<Message> {
  socket.send({ type: 'chat_message', ...frame })
  for (;;) {
    const message = await socket.next<Message>('message')
    if (message.content === frame.message) return message
  }
}

async function sendFile(socket: TestSocket, filename: string, bytes: string, caption: string): Promise<Message> {
  socket.send({ type: 'file_message', filename, file: Buffer.from(bytes).toString('base64'), message: caption })
  for (;;) {
    const message = await socket.next<Message>('message')
    if (message.message_type === 'file' && message.file_attachment?.filename === filename) return message
  }
}

export async function populatedServer(): Promise<PopulatedServer> {
  const t = await startTestServer({ registration: 'invite' })
  const ada = await t.addUser('ada')
  const bob = await t.addUser('bob')
  const carol = await t.addUser('carol')
  const dave = await t.addUser('dave')
  await t.server.admin.removeUser(dave.email)
  const carolPassword = 'a new password for carol'
  await t.server.admin.resetPassword(carol.email, carolPassword)
  const carolNow = await t.login(carol.email, carolPassword)

  const direct = await t.conversation(ada, bob)
  const group = await t.conversation(ada, bob, carolNow)
  const a = await t.connect(direct, ada, EXT)
  const b = await t.connect(direct, bob, EXT)
  const first = await send(a, { message: 'Grüße, Bob: the café at 10?', client_id: 'a-1' })
  await send(b, { message: 'yes, see you there', reply_to: first.id, client_id: 'b-1' })
  const photo = await sendFile(a, 'photo.png', 'png bytes of a photo', 'the place')
  const gone = await sendFile(a, 'old.txt', 'a file that is deleted', 'wrong file')
  a.send({ type: 'delete_message', message_id: gone.id, client_id: 'a-del' })
  await a.next('message_updated')
  a.send({ type: 'edit_message', message_id: first.id, message: 'Grüße, Bob: the café at 11?', client_id: 'a-edit' })
  await a.next('message_updated')
  b.send({ type: 'react', message_id: photo.id, emoji: '👍', on: true, client_id: 'b-r1' })
  await b.next('message_updated')
  a.send({ type: 'react', message_id: photo.id, emoji: '🎉', on: true })
  await a.next('message_updated')
  a.send({ type: 'react', message_id: photo.id, emoji: '👍', on: true })
  await a.next('message_updated')
  b.send({ type: 'mark_read' })
  await a.next('read_receipt')

  const g = await t.connect(group, carolNow, EXT)
  await send(g, { message: 'hello @Ada and @Bob', mentions: [ada.user.id, bob.user.id] })
  await send(g, { message: 'unread by everyone' })
  // Half a chunked upload: its row is left behind (and not copied).
  startUpload(g, 'up-1', 'big.bin', 1_000_000)
  await g.next<UploadReadyFrame>('upload_ready')

  const used = await t.server.lan.createInvite()
  await t.request('/api/auth/register/', { method: 'POST', body: { email: 'erin@example.com', password: 'password-erin', full_name: 'Erin Tester', invite_code: used.code } })
  await t.server.lan.createInvite()
  // A refresh token used twice revokes its session.
  for (let attempt = 0; attempt < 2; attempt += 1) await t.request('/api/auth/token/refresh/', { method: 'POST', body: { refresh: bob.refresh } })
  return { t, ada, bob, carol: carolNow, direct, group, carolPassword }
}
