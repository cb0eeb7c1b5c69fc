// The small pure helpers around files, typing and connection status.
import { describe, expect, it } from 'vitest'
import type { ConnectionStatus } from '../../src-shared/ipc/contract'
import { pickStatus } from '../../src-renderer/connection/ConnectionBanner'
import { fileTypeLabel, isInlineImage } from '../../src-renderer/files/fileKind'
import { oversizeMessage } from '../../src-renderer/files/useFileDrop'
import { typingText } from '../../src-renderer/messages/TypingIndicator'

const file = (name: string, size: number) => new File([new Uint8Array(size)], name)

describe('files', () => {
  it('shows raster images inline, never SVG or other types', () => {
    expect(['image/png', 'image/JPEG', 'image/jpg', 'image/webp', 'image/gif'].every(isInlineImage)).toBe(true)
    expect(['image/svg+xml', 'text/html', 'application/pdf', 'image/png;x'].some(isInlineImage)).toBe(false)
  })

  it('labels a file by extension, else by MIME subtype', () => {
    expect(fileTypeLabel('report.final.pdf', 'application/pdf')).toBe('PDF')
    expect(fileTypeLabel('README', 'text/plain')).toBe('PLAIN')
    expect(fileTypeLabel('blob', 'application/octet-stream')).toBe('File')
    expect(fileTypeLabel('weird.', '')).toBe('File')
  })

  it('names every file over the server limit before anything uploads', () => {
    expect(oversizeMessage([file('a.txt', 10)], null)).toBeNull()
    expect(oversizeMessage([file('a.txt', 10)], 10)).toBeNull()
    expect(oversizeMessage([file('a.txt', 2048), file('b.txt', 5)], 1024)).toBe('a.txt (2.0 KB) is larger than this server accepts: up to 1.0 KB per file.')
    expect(oversizeMessage([file('a', 2048), file('b', 4096)], 1024)).toMatch(/^a \(2\.0 KB\), b \(4\.0 KB\) are larger/)
  })
})

describe('typing and connection wording', () => {
  it('names one typist, counts several', () => {
    expect(typingText([])).toBe('')
    expect(typingText([{ userId: 2, name: 'Bob' }])).toBe('Bob is typing…')
    expect(typingText([{ userId: 2, name: 'Bob' }, { userId: 3, name: 'Cy' }])).toBe('2 people are typing…')
  })

  it('shows the worse of two sockets, and not a first connect', () => {
    const status = (state: ConnectionStatus['state'], attempt = 1): ConnectionStatus => ({ scope: 'list', state, attempt, nextRetryAt: null, reason: null })
    expect(pickStatus([undefined, status('open')])).toBeNull()
    expect(pickStatus([status('connecting', 0)])).toBeNull()
    expect(pickStatus([status('connecting', 2)])?.state).toBe('connecting')
    expect(pickStatus([status('reconnecting'), status('offline')])?.state).toBe('offline')
    expect(pickStatus([status('offline'), status('reconnecting')])?.state).toBe('offline')
  })
})
