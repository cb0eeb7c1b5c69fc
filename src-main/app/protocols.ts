// Parley's own URL schemes in Electron. Privileges must be registered before 'ready', all in
// one call (a later call replaces the earlier list); the handlers live in Electron-free
// modules so tests run them in Node.
import { protocol } from 'electron'
import { APP_SCHEME, createRendererProtocolHandler } from './renderer-protocol'

export function registerPrivilegedSchemes(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      // standard: a real origin (app://parley) for relative URLs, the CSP's 'self' and the IPC
      // sender check; secure: a secure context (crypto.randomUUID, clipboard). No fetch, CORS
      // or service-worker privileges: the page loads its own bundle and nothing else.
      privileges: { standard: true, secure: true, codeCache: true },
    },
  ])
}

export function handleAppProtocol(rendererRoot: string): void {
  protocol.handle(APP_SCHEME, createRendererProtocolHandler(rendererRoot))
}
