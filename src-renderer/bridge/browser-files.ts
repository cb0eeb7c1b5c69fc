// Files in the browser client: read with the File API in ranges (Blob.slice), so a large file
// is never one string or one buffer in the page; picked with an <input type=file>; opened
// and saved through their (signed, same-origin) URLs.
import type { FileSource } from '../../src-shared/client'
import type { FileAttachment } from '../../src-shared/protocol/types'

export function fileSource(file: File): FileSource {
  return {
    name: file.name,
    size: file.size,
    type: file.type,
    read: async (start, end) => new Uint8Array(await file.slice(start, end).arrayBuffer()),
  }
}

/** base64 of bytes in slices: String.fromCharCode(...) over a whole file would overflow the stack. */
export function encodeBase64(bytes: Uint8Array): string {
  const SLICE = 0x8000
  let binary = ''
  for (let i = 0; i < bytes.length; i += SLICE) binary += String.fromCharCode(...bytes.subarray(i, i + SLICE))
  return btoa(binary)
}

/**
 * A random UUID-shaped id. crypto.randomUUID exists only in secure contexts, and a LAN host
 * is plain http://192.168.x.y (not secure); getRandomValues works everywhere.
 */
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  bytes[6] = (bytes[6]! & 0x0f) | 0x40
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/**
 * Picked files are handed to the UI as opaque references ("browser-file:<id>") that
 * 'messages:send-file' resolves here: the contract speaks in paths, the page has Files.
 */
export class PickedFiles {
  private readonly files = new Map<string, File>()

  add(file: File): string {
    const ref = `browser-file:${randomId()}`
    this.files.set(ref, file)
    return ref
  }

  take(ref: string): File | null {
    const file = this.files.get(ref) ?? null
    this.files.delete(ref)
    return file
  }
}

/** Opens the browser's file picker. Must be called while handling a click (user activation). */
export function pickFiles(): Promise<File[]> {
  return new Promise((resolve) => {
    const input = document.createElement('input')
    input.type = 'file'
    input.multiple = true
    input.style.display = 'none'
    const done = (files: File[]) => {
      input.remove()
      resolve(files)
    }
    input.addEventListener('change', () => done([...(input.files ?? [])]), { once: true })
    input.addEventListener('cancel', () => done([]), { once: true })
    document.body.append(input)
    input.click()
  })
}

/** Lets the browser download a received file under its original name. */
export function downloadAttachment(attachment: FileAttachment): void {
  const link = document.createElement('a')
  link.href = attachment.file_url
  link.download = attachment.filename
  link.rel = 'noopener'
  link.style.display = 'none'
  document.body.append(link)
  link.click()
  link.remove()
}
