// The renderer's one door to the rest of Parley. Desktop: the preload's `window.parley`.
// Browser (a LAN guest on the host's http://address:port/): the in-page browser bridge.
// Nothing else in src-renderer may touch `window.parley` directly.
import { toParleyError } from '../../src-shared/client/errors'
import type { ParleyBridge } from '../../src-shared/ipc/bridge'
import type { InvokeChannel } from '../../src-shared/ipc/contract'
import { createBrowserBridge } from './browser-bridge'

export type ParleyApi = ParleyBridge

declare global {
  interface Window {
    parley?: ParleyBridge
  }
}

/** Wraps a raw bridge so every rejected invoke is a ParleyError (rebuilt from "[code] words"). */
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
