// Names people read show what they are: bidi controls and invisible format characters
// are removed from display names, file names and titles, by the one rule both ends share.
import { describe, expect, it } from 'vitest'
import { parseFrame } from '../../src-shared/client/parse-frame'
import { stripInvisible } from '../../src-shared/protocol/visible-text'

describe('stripInvisible', () => {
  it.each([
    ['\u202egnp.exe', 'gnp.exe'],
    ['a\u202ab\u202bc\u202cd\u202de', 'abcde'],
    ['x\u2066y\u2067z\u2068w\u2069', 'xyzw'],
    ['\u200eleft\u200fright\u061c', 'leftright'],
    ['zero\u200bwidth\u2060join\ufeff', 'zerowidthjoin'],
    ['soft\u00adhyphen', 'softhyphen'],
    ['tag\u{e0041}\u{e0042}s', 'tags'],
    ['\u3164', ''],
  ])('%j → %j', (input, expected) => {
    expect(stripInvisible(input)).toBe(expected)
  })

  it('keeps the joiners that spelling and emoji need, and ordinary right-to-left text', () => {
    for (const text of ['👩\u200d💻', 'می\u200cخواهم', 'שלום', 'مرحبا.pdf']) expect(stripInvisible(text)).toBe(text)
  })
})

describe('the client engine', () => {
  it('strips them from sender names and file names whatever server sent them', () => {
    const sender = { id: 5, email: 'e@example.com', user_type: 'talker', full_name: 'Eve\u202e\u2066' }
    const frame = {
      id: 9, conversation: 1, sender, content: 'see file', message_type: 'file', is_read: false, created_at: '2026-01-14T10:05:00Z',
      file_attachment: {
        id: 1, file: '/media/x', file_url: 'http://h/media/x', filename: '\u202egnp.exe', file_size: 3,
        file_size_display: '3 B', file_type: 'application/octet-stream', uploaded_at: '2026-01-14T10:05:00Z',
      },
    }
    const parsed = parseFrame(JSON.stringify(frame), 1)
    expect(parsed).toMatchObject({ ok: true, event: { kind: 'message', message: { sender: { full_name: 'Eve' }, file_attachment: { filename: 'gnp.exe' } } } })
  })
})
