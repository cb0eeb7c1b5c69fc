// Which frames may call main: only our own window's top frame showing our renderer (the
// bundled page at app://parley/, or the dev server URL under electron-vite dev, which a
// packaged app never has: app/runtime-switches.ts). A navigated or injected frame gets
// nothing, even though the preload is already sandboxed.

export interface TrustedOrigins {
  /** The bundled renderer's origin, "app://parley" (app/renderer-protocol.ts). */
  rendererOrigin: string
  /** ELECTRON_RENDERER_URL under `electron-vite dev`, if any. */
  devServerUrl?: string
}

export function isTrustedSenderUrl(senderUrl: string | undefined, origins: TrustedOrigins): boolean {
  if (!senderUrl) return false
  let url: URL
  try {
    url = new URL(senderUrl)
  } catch {
    return false
  }
  // For a registered standard scheme the URL parser yields a real origin ("app://parley").
  if (`${url.protocol}//${url.host}` === origins.rendererOrigin) return true
  return origins.devServerUrl !== undefined && url.origin === new URL(origins.devServerUrl).origin
}
