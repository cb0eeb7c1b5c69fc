// Filenames from clients are untrusted: keep the last path component, drop control
// characters and invisible/bidi format characters (so "‮gnp.exe" cannot pose as
// "exe.png"), cap at 255 characters. The stored name on disk is different again: a
// random part (so URLs are not guessable and never collide) plus an ASCII-safe copy.
import { randomBytes } from 'node:crypto'
import { stripInvisible } from '../../../src-shared/protocol/visible-text'

const MAX_FILENAME = 255
const MAX_STORED_SUFFIX = 100

/** The protocol's `filename`, or null when nothing usable is left. */
export function sanitizeFilename(raw: string): string | null {
  const lastPart = raw.split(/[/\\]/).pop() ?? ''
  const clean = stripInvisible(lastPart.replace(/[\u0000-\u001f\u007f-\u009f]/g, '')).trim()
  if (clean === '' || clean === '.' || clean === '..') return null
  return truncateKeepingExtension(clean, MAX_FILENAME)
}

/** "<random>_<ascii-safe name>", safe in any URL and on any filesystem. */
export function storedFileName(filename: string): string {
  const ascii = filename
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '')
  const suffix = truncateKeepingExtension(ascii || 'file', MAX_STORED_SUFFIX)
  return `${randomBytes(12).toString('base64url')}_${suffix}`
}

function truncateKeepingExtension(name: string, max: number): string {
  const chars = Array.from(name)
  if (chars.length <= max) return name
  const dot = name.lastIndexOf('.')
  const extension = dot > 0 ? Array.from(name.slice(dot)) : []
  if (extension.length === 0 || extension.length > 16) return chars.slice(0, max).join('')
  return chars.slice(0, max - extension.length).join('') + extension.join('')
}
