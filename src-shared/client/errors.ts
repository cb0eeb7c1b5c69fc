// Failures in words. Every error leaving the engine (and every failure main answers over
// IPC) is a ParleyError whose message a person can act on, and whose code the UI can
// branch on. The one list of codes and the one error class: main, the browser bridge and
// the renderer all import them from here.

/**
 * 'untrusted-certificate': main refused the server's TLS certificate (first use, changed, or
 * not the join link's); the trust dialog asks 'tls:certificate' for the details.
 */
export const ERROR_CODES = [
  'invalid-argument', 'unauthorized', 'network', 'server', 'too-large', 'not-found', 'forbidden', 'internal', 'untrusted-certificate',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

/** What crosses IPC for a failure: words the renderer can show, never a stack. */
export interface ParleyErrorShape {
  code: ErrorCode
  message: string
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value)
}

export class ParleyError extends Error {
  readonly code: ErrorCode
  constructor(shape: ParleyErrorShape) {
    super(shape.message)
    this.name = 'ParleyError'
    this.code = shape.code
  }
}

export const parleyError = (code: ErrorCode, message: string): ParleyError => new ParleyError({ code, message })

export const unreachable = (server: string): ParleyError =>
  parleyError('network', `Can't reach the server at ${displayHost(server)}. Check the address and that you're on the same network.`)

export const notCompatible = (server: string): ParleyError =>
  parleyError('server', `${displayHost(server)} answered, but it isn't a Parley or compatible chat server.`)

export const sessionExpired = (): ParleyError => parleyError('unauthorized', 'Your session has expired. Sign in again.')

export function displayHost(server: string): string {
  try {
    return new URL(server).host
  } catch {
    return server
  }
}

/** Text of a DRF error body: {"detail"}, {"error"}, {"message"} or {"field": ["why", …]}. */
export function describeErrorBody(body: unknown): string | null {
  if (typeof body === 'string') return body.trim() ? body.trim().slice(0, 300) : null
  if (typeof body !== 'object' || body === null) return null
  const record = body as Record<string, unknown>
  for (const key of ['detail', 'error', 'message']) {
    if (typeof record[key] === 'string') return record[key] as string
  }
  const parts: string[] = []
  for (const [field, value] of Object.entries(record)) {
    const reasons = Array.isArray(value) ? value.filter((v) => typeof v === 'string') : typeof value === 'string' ? [value] : []
    if (reasons.length) parts.push(field === 'non_field_errors' ? reasons.join(' ') : `${humanField(field)}: ${reasons.join(' ')}`)
  }
  return parts.length ? parts.join('; ').slice(0, 500) : null
}

function humanField(field: string): string {
  const spaced = field.replace(/_/g, ' ')
  return spaced.charAt(0).toUpperCase() + spaced.slice(1)
}

/**
 * Any failure as a ParleyError. Errors lose their class crossing Electron's contextBridge
 * (only `message` survives, sometimes behind "Error invoking remote method"), so the
 * preload sends the code inside the message as "[code] words": a `code` property wins,
 * else that prefix, else 'internal'.
 */
export function toParleyError(error: unknown): ParleyError {
  if (error instanceof ParleyError) return error
  const record = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; message?: unknown }
  const raw = typeof record.message === 'string' ? record.message : typeof error === 'string' ? error : 'Something went wrong.'
  const unprefixed = raw.replace(/^Error invoking remote method '[^']+': (Error: )?/, '')
  const tagged = /^\[([a-z-]+)\]\s*(.*)$/s.exec(unprefixed)
  const taggedCode = tagged && isErrorCode(tagged[1]) ? tagged[1] : null
  const message = taggedCode ? (tagged?.[2] ?? '') : unprefixed
  if (isErrorCode(record.code)) return new ParleyError({ code: record.code, message })
  return new ParleyError({ code: taggedCode ?? 'internal', message })
}
