// Names are stored without bidi/invisible characters (issue 8 item 8) and media is served
// inline or as a sandboxed attachment by its type, as docs/protocol.md says (item 9).
import { afterEach, describe, expect, it } from 'vitest'
import type { Conversation, Message, User } from '../../src-shared/protocol/types'
import { startPair, stopAllTestServers } from './helpers'

afterEach(stopAllTestServers)


describe('names', () => {
  it('strips bidi and invisible characters from file names, display names and titles', async () => {
    const { t, ada, bob, id } = await startPair({ registration: 'open' })
    const a = await t.connect(id, ada)
    a.send({ type: 'file_message', filename: 'invoice\u202egnp.exe', file: Buffer.from('MZ').toString('base64') })
    const message = await a.next<Message>('message')
    expect(message.file_attachment?.filename).toBe('invoicegnp.exe')
    const history = await t.request<Message[]>(`/api/chat/conversations/${id}/messages/`, { token: bob.access })
    expect(history.body[0]?.file_attachment?.filename).toBe('invoicegnp.exe')

    const registered = await t.request<{ user: User }>('/api/auth/register/', {
      method: 'POST', body: { email: 'eve@example.com', password: 'password-eve', full_name: '\u2067Eve\u200b \u202eAdmin' },
    })
    expect(registered.body.user.full_name).toBe('Eve Admin')
    const blank = await t.request('/api/auth/register/', {
      method: 'POST', body: { email: 'nobody@example.com', password: 'password-x', full_name: '\u202e\u200b' },
    })
    expect(blank).toMatchObject({ status: 400, body: { full_name: ['This field may not be blank.'] } })
    expect((await t.server.admin.createUser({ email: 'cli@example.com', password: 'password-cli', fullName: 'C\u202eli' })).full_name).toBe('Cli')

    const group = await t.request<Conversation>('/api/chat/conversations/', {
      method: 'POST', token: ada.access, body: { participant_ids: [bob.user.id, registered.body.user.id], title: 'Team\u202e txt.' },
    })
    expect(group.body.title).toBe('Team txt.')
  })
})

describe('media', () => {
  const cases: [string, string, string, boolean][] = [
    ['photo.png', 'image/png', 'inline', false],
    ['notes.txt', 'text/plain; charset=utf-8', 'inline', false],
    ['paper.pdf', 'application/pdf', 'inline', false],
    ['page.html', 'text/html; charset=utf-8', 'attachment', true],
    ['drawing.svg', 'image/svg+xml', 'attachment', true],
    ['blob.bin', 'application/octet-stream', 'attachment', true],
  ]

  it('serves safe types inline and everything else as a sandboxed attachment', async () => {
    const { t, ada, id } = await startPair({ registration: 'open' })
    const a = await t.connect(id, ada)
    for (const [filename, type, disposition, sandboxed] of cases) {
      a.send({ type: 'file_message', filename, file: Buffer.from('<svg onload="alert(1)"/>').toString('base64') })
      const message = await a.next<Message>('message')
      const res = await fetch(message.file_attachment?.file_url as string)
      expect(res.status, filename).toBe(200)
      expect(res.headers.get('content-type'), filename).toBe(type)
      expect(res.headers.get('content-disposition'), filename).toBe(`${disposition}; filename*=UTF-8''${encodeURIComponent(filename)}`)
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('content-security-policy'), filename).toBe(sandboxed ? "default-src 'none'; sandbox" : null)
      await res.arrayBuffer()
    }
  })
})
