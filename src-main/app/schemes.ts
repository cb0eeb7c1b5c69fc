// Our custom URL schemes. Electron accepts ONE registerSchemesAsPrivileged call, before
// 'ready', so every scheme is listed here; the handlers live in Electron-free modules so
// tests run them in Node (app/renderer-protocol.ts, client/media-protocol.ts).
import { protocol } from 'electron'
import { MEDIA_SCHEME } from '../../src-shared/ipc/media-url'
import type { MediaHandler } from '../client/media-protocol'
import { APP_SCHEME, createRendererProtocolHandler } from './renderer-protocol'

/** Must run before app 'ready'. */
export function registerPrivilegedSchemes(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      // standard: a real origin (app://parley) for relative URLs, the CSP's 'self' and the IPC
      // sender check; secure: a secure context (crypto.randomUUID, clipboard). No fetch, CORS
      // or service-worker privileges: the page loads its own bundle and nothing else.
      privileges: { standard: true, secure: true, codeCache: true },
    },
    {
      scheme: MEDIA_SCHEME,
      privileges: {
        // Parsed as http's are (authority, path, query, relative resolution, a real origin);
        // a non-standard scheme is parsed like file:. Electron keeps no port in a custom
        // scheme's authority, so the server is named in the path (src-shared/ipc/media-url.ts).
        standard: true,
        // A secure origin, like https: images stay allowed in the page's secure context
        // (no mixed-content blocking), and the pin is what makes it true.
        secure: true,
        // <video>/<audio> read ranges while playing instead of waiting for the whole file.
        stream: true,
        // Left off on purpose: the page shows media with <img>/<video> only. Without
        // supportFetchAPI and corsEnabled its script cannot fetch() or read these bytes;
        // without bypassCSP the page's CSP must name the scheme (RENDERER_CSP).
      },
    },
  ])
}

/** Serves the built renderer at app://parley/. */
export function handleAppScheme(rendererRoot: string): void {
  protocol.handle(APP_SCHEME, createRendererProtocolHandler(rendererRoot))
}

/** Answers parley-media:// for the default session (the window uses no custom partition). */
export function handleMediaScheme(handler: MediaHandler): void {
  protocol.handle(MEDIA_SCHEME, handler)
}
