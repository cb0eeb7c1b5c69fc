// Failures in words. Every error leaving the engine is a ParleyError whose message a
// person can act on, and whose code the UI can branch on.
import { ParleyError } from '../ipc/bridge'
import type { ParleyErrorShape } from '../ipc/contract'

export { ParleyError }
export type ErrorCode = ParleyErrorShape['code']

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

export function toParleyError(error: unknown): ParleyError {
  if (error instanceof ParleyError) return error
  return parleyError('internal', error instanceof Error ? error.message : 'Something went wrong')
}
