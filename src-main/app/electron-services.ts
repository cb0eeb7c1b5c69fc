// Electron implementations of the services the IPC handlers take (dialogs, shell,
// clipboard). Thin on purpose: every decision lives in the Electron-free handlers.
import { BrowserWindow, clipboard, dialog, shell } from 'electron'
import type { ClipboardAccess, Dialogs, ShellAccess } from '../ipc/services'

export function createDialogs(window: () => BrowserWindow | null): Dialogs {
  const parent = () => window() ?? undefined
  return {
    async pickFiles() {
      const options = { title: 'Send files', properties: ['openFile', 'multiSelections'] as ('openFile' | 'multiSelections')[] }
      const win = parent()
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options)
      return result.canceled ? [] : result.filePaths
    },
    async saveAs(defaultName) {
      const options = { title: 'Save file', defaultPath: defaultName }
      const win = parent()
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options)
      return result.canceled || !result.filePath ? null : result.filePath
    },
    async confirmOpenRisky(fileName) {
      const options = {
        type: 'warning' as const,
        buttons: ['Cancel', 'Open anyway'],
        defaultId: 0,
        cancelId: 0,
        title: 'Open this file?',
        message: `“${fileName}” can run programs on your computer.`,
        detail: 'Open it only if you trust the person who sent it and expected this file.',
      }
      const win = parent()
      const { response } = win ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options)
      return response === 1
    },
  }
}

export const electronShell: ShellAccess = {
  openPath: (path) => shell.openPath(path),
  openExternal: (url) => shell.openExternal(url),
}

// Electron 45's clipboard is the async W3C-style API: items carry MIME types, images come
// as image/png blobs whatever the OS holds natively.
export const electronClipboard: ClipboardAccess = {
  async readImagePng() {
    for (const item of await clipboard.read()) {
      if (!item.types.includes('image/png')) continue
      const blob = await item.getType('image/png')
      return Buffer.from(await blob.arrayBuffer())
    }
    return null
  },
}
