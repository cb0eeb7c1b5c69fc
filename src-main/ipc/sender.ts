// Which frames may call main: only our own window's top frame showing our renderer (the
// bundled file:// page, or the dev server URL under electron-vite dev). A navigated or
// injected frame gets nothing, even though the preload is already sandboxed.

export interface TrustedOrigins {
  /** file:// URL of out/renderer/index.html in a build. */
  rendererFileUrl: string
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
  if (url.protocol === 'file:') {
    const expected = new URL(origins.rendererFileUrl)
    return url.pathname === expected.pathname
  }
  if (origins.devServerUrl) {
    return url.origin === new URL(origins.devServerUrl).origin
  }
  return false
}
