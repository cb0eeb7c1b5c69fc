// Hardening that applies to every web contents: no permissions (camera, geolocation,
// notifications-from-page…), no new windows, no navigation away from our page, no
// webviews. The renderer's CSP is a response header of app://parley/
// (renderer-protocol.ts), so it covers every file of the page.
import { app, session } from 'electron'

export function installSecurityPolicies(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.defaultSession.setPermissionCheckHandler(() => false)
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
    contents.on('will-navigate', (event) => event.preventDefault())
    contents.on('will-redirect', (event) => event.preventDefault())
    contents.on('will-attach-webview', (event) => event.preventDefault())
  })
}
