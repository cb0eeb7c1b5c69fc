// The server process's line to main, whichever way it was started: Electron's
// utilityProcess gives it `process.parentPort` (messages wrapped in MessageEvent.data),
// Node's child_process.fork gives it `process.send` / process 'message'. Tests fork the very
// same entry with Node, so everything past this file is exercised without Electron.

export interface ParentChannel {
  readonly kind: 'electron-utility' | 'node-ipc'
  send(message: unknown): void
  onMessage(listener: (message: unknown) => void): void
  /** Main went away (Node IPC only: Electron kills a utilityProcess with its parent). */
  onDisconnect(listener: () => void): void
}

interface ElectronParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void
  postMessage(message: unknown): void
}

export function connectToParent(): ParentChannel {
  const parentPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort
  if (parentPort) {
    return {
      kind: 'electron-utility',
      send: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
      onDisconnect: () => {},
    }
  }
  if (typeof process.send === 'function') {
    return {
      kind: 'node-ipc',
      send: (message) => {
        if (process.connected) process.send!(message)
      },
      onMessage: (listener) => process.on('message', listener),
      onDisconnect: (listener) => process.on('disconnect', listener),
    }
  }
  throw new Error('The Parley server process must be started by the Parley app (utilityProcess) or with an IPC channel (fork)')
}
