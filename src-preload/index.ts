// The typed bridge: exactly the IPC contract as `window.parley`, nothing raw. Invokes go
// only to contract channels and come back as envelopes (unwrapped here);
// events are delivered without Electron's event object, so no sender leaks to the page.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron'
import type { ParleyBridge } from '../src-shared/ipc/bridge'
import { toMediaUrl } from '../src-shared/ipc/media-url'
import type { InvokeEnvelope } from '../src-shared/ipc/rpc'

// Main validates every channel and argument against the contract; here only the SHAPE of
// a name is checked (VS Code does the same with its channel prefix), so the page cannot
// reach any other IPC channel and the preload stays free of zod and of channel lists.
const INVOKE_NAME = /^[a-z]+:[a-z-]+$/
const EVENT_NAME = /^[a-z]+(-[a-z]+)*$/

const bridge: ParleyBridge = {
  async invoke(channel, ...args) {
    if (typeof channel !== 'string' || !INVOKE_NAME.test(channel)) throw new Error(`Unknown Parley request: ${String(channel)}`)
    const envelope = (await ipcRenderer.invoke(channel, ...args)) as InvokeEnvelope<never>
    if (envelope.ok) return envelope.value
    // Errors lose their class and extra fields crossing contextBridge; only the message is
    // sure to survive, so the code travels in it too ("[code] words"), which the
    // renderer's bridge turns back into a ParleyError.
    throw Object.assign(new Error(`[${envelope.error.code}] ${envelope.error.message}`), { code: envelope.error.code })
  },
  on(event, listener) {
    if (typeof event !== 'string' || !EVENT_NAME.test(event)) throw new Error(`Unknown Parley event: ${String(event)}`)
    const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload as never)
    ipcRenderer.on(event, forward)
    return () => {
      ipcRenderer.removeListener(event, forward)
    }
  },
  pathForFile: (file) => webUtils.getPathForFile(file),
  mediaUrl: (fileUrl) => (typeof fileUrl === 'string' ? toMediaUrl(fileUrl) : null),
}

contextBridge.exposeInMainWorld('parley', bridge)
