// Electron wiring of the dispatcher: one ipcMain.handle per contract channel, each first
// checking that the caller is our window's top frame showing our page.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron'
import { invokeSchemas } from '../../src-shared/ipc/contract'
import type { Dispatch, InvokeEnvelope } from '../../src-shared/ipc/rpc'
import { isTrustedSenderUrl, type TrustedOrigins } from './sender'

const FORBIDDEN: InvokeEnvelope<never> = { ok: false, error: { code: 'forbidden', message: 'This window may not use Parley.' } }

export function registerIpc(dispatch: Dispatch, window: () => BrowserWindow | null, origins: TrustedOrigins): () => void {
  const trusted = (event: IpcMainInvokeEvent): boolean => {
    const win = window()
    const frame = event.senderFrame
    if (!win || win.isDestroyed() || !frame || event.sender !== win.webContents) return false
    return frame === win.webContents.mainFrame && isTrustedSenderUrl(frame.url, origins)
  }
  const channels = Object.keys(invokeSchemas)
  for (const channel of channels) {
    ipcMain.handle(channel, (event, ...args: unknown[]) => (trusted(event) ? dispatch(channel, args) : FORBIDDEN))
  }
  return () => channels.forEach((channel) => ipcMain.removeHandler(channel))
}
