// JSON from the network, parsed without letting its shape hurt the server. V8 parses deep
// nesting iteratively but slowly (5,000,000 `[` took 3.7 s of event loop here), and any
// recursive walk of the result afterwards (JSON.stringify, a logger, a schema) overflows the
// stack: one 20 KB frame of nested arrays took the whole server down. No Parley frame or
// REST body nests more than a few levels, so anything deeper is refused before parsing.
export const MAX_JSON_DEPTH = 32

export type ParsedJson =
  | { kind: 'object'; value: Record<string, unknown> }
  | { kind: 'not-object'; value: unknown }
  | { kind: 'invalid'; reason: string }
  | { kind: 'too-deep' }

const OPEN_BRACKET = 0x5b
const OPEN_BRACE = 0x7b
const CLOSE_BRACKET = 0x5d
const CLOSE_BRACE = 0x7d
const QUOTE = 0x22
const BACKSLASH = 0x5c

/** Parses UTF-8 JSON text; objects come back as 'object', other values as 'not-object'. */
export function parseJsonBytes(bytes: Buffer): ParsedJson {
  if (nestsDeeperThan(bytes, MAX_JSON_DEPTH)) return { kind: 'too-deep' }
  let value: unknown
  try {
    value = JSON.parse(bytes.toString('utf8'))
  } catch (error) {
    return { kind: 'invalid', reason: (error as Error).message }
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? { kind: 'object', value: value as Record<string, unknown> }
    : { kind: 'not-object', value }
}

/**
 * True when the JSON text opens more than `maxDepth` arrays/objects at once. Counting the
 * brackets is native (indexOf), so the usual frame (a base64 file has none) costs no
 * byte-by-byte walk; only text with many brackets is walked, honouring strings, and the
 * walk stops at the first level too deep.
 */
export function nestsDeeperThan(bytes: Buffer, maxDepth: number): boolean {
  if (countUpTo(bytes, OPEN_BRACKET, maxDepth + 1) + countUpTo(bytes, OPEN_BRACE, maxDepth + 1) <= maxDepth) return false
  let depth = 0
  let inString = false
  for (let i = 0; i < bytes.length; i += 1) {
    const byte = bytes[i]
    if (inString) {
      if (byte === BACKSLASH) i += 1
      else if (byte === QUOTE) inString = false
    } else if (byte === QUOTE) {
      inString = true
    } else if (byte === OPEN_BRACKET || byte === OPEN_BRACE) {
      depth += 1
      if (depth > maxDepth) return true
    } else if (byte === CLOSE_BRACKET || byte === CLOSE_BRACE) {
      depth -= 1
    }
  }
  return false
}

function countUpTo(bytes: Buffer, byte: number, limit: number): number {
  let count = 0
  let at = bytes.indexOf(byte)
  while (at !== -1 && count < limit) {
    count += 1
    at = bytes.indexOf(byte, at + 1)
  }
  return count
}
