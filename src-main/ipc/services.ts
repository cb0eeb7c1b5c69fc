// What the IPC handlers need from the world, injected so the very same handlers run in
// Electron (src-main/app adapters) and in plain Node (tests, the Playwright desktop bridge).
import type { EventChannel, EventPayloads } from '../../src-shared/ipc/contract'

export interface Dialogs {
  /** Native open dialog; [] when cancelled. */
  pickFiles(): Promise<string[]>
  /** Native save dialog; null when cancelled. */
  saveAs(defaultName: string): Promise<string | null>
  /** Asks before opening a file type that can run code. */
  confirmOpenRisky(fileName: string): Promise<boolean>
}

export interface ShellAccess {
  /** shell.openPath: resolves '' on success, else the OS's error text. */
  openPath(path: string): Promise<string>
  openExternal(url: string): Promise<void>
}

export interface ClipboardAccess {
  /** PNG bytes of the clipboard image, or null when the clipboard holds none. */
  readImagePng(): Promise<Buffer | null>
}

export interface AppPaths {
  /** Per-user data: settings, secrets, the local database, queued clipboard images. */
  data: string
  /** Opened received files are downloaded here. */
  cache: string
}

/** Pushes an event to the renderer (webContents.send in Electron). */
export type EventSink = <E extends EventChannel>(event: E, payload: EventPayloads[E]) => void
