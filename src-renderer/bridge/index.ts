// The renderer's one door to the rest of Parley. Desktop: the preload's `window.parley`.
// Browser (a LAN guest on the host's http://address:port/): the in-page browser bridge.
// Nothing else in src-renderer may touch `window.parley` directly.
import type { ParleyBridge } from '../../src-shared/ipc/bridge'
import { ParleyError } from '../../src-shared/ipc/bridge'
import { ERROR_CODES, type InvokeChannel, type ParleyErrorShape } from '../../src-shared/ipc/contract'
import { createBrowserBridge } from './browser-bridge'

export type ParleyApi = ParleyBridge

declare global {
  interface Window {
    parley?: ParleyBridge
  }
}

const CODES: ReadonlySet<ParleyErrorShape['code']> = new Set(ERROR_CODES)

function isErrorCode(value: unknown): value is ParleyErrorShape['code'] {
  return typeof value === 'string' && CODES.has(value as ParleyErrorShape['code'])
}

/**
 * Errors lose their class crossing contextBridge (only `message` survives, sometimes with
 * Electron's "Error invoking remote method" prefix), so rebuild a ParleyError the UI can
 * branch on. A `code` property wins; else a "[code] message" prefix; else 'internal'.
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
  if (taggedCode) return new ParleyError({ code: taggedCode, message })
  return new ParleyError({ code: 'internal', message })
}

/** Wraps a raw bridge so every rejected invoke is a ParleyError. */
function withParleyErrors(raw: ParleyBridge): ParleyApi {
  const api: ParleyApi = {
    invoke: (async (channel: InvokeChannel, ...args: unknown[]) => {
      try {
        return await (raw.invoke as (c: InvokeChannel, ...a: unknown[]) => Promise<unknown>)(channel, ...args)
      } catch (error) {
        throw toParleyError(error)
      }
    }) as ParleyApi['invoke'],
    on: (event, listener) => raw.on(event, listener),
    mediaUrl: (fileUrl) => raw.mediaUrl(fileUrl),
  }
  if (raw.pathForFile) api.pathForFile = (file) => raw.pathForFile!(file)
  if (raw.sendFileObject) {
    const send = raw.sendFileObject
    api.sendFileObject = (id, file, caption) => send(id, file, caption).catch((error: unknown) => Promise.reject(toParleyError(error)))
  }
  return api
}

/** The bridge for this window, or null when the page runs outside Parley. */
export function resolveParleyApi(): ParleyApi | null {
  if (window.parley && typeof window.parley.invoke === 'function') return withParleyErrors(window.parley)
  // Served by a Parley host over http(s): run the client in the page.
  if (location.protocol === 'http:' || location.protocol === 'https:') return withParleyErrors(createBrowserBridge())
  return null
}
