// The typed bridge: exactly the IPC contract as `window.parley`, nothing raw. Invokes go
// only to contract channels and come back as envelopes (unwrapped here);
// events are delivered without Electron's event object, so no sender leaks to the page.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron'
import type { InvokeEnvelope, ParleyBridge } from '../src-shared/ipc/bridge'
import type { EventChannel, InvokeChannel } from '../src-shared/ipc/contract'

// Records keyed by the contract's unions: adding a channel without listing it here fails to compile.
const INVOKE_CHANNELS: Record<InvokeChannel, true> = {
  'app:info': true, 'session:get': true, 'session:sign-in': true, 'session:register': true, 'session:sign-out': true,
  'session:probe-server': true, 'accounts:list': true, 'accounts:switch': true,
  'conversations:list': true, 'conversations:create': true, 'users:search': true,
  'messages:history': true, 'messages:send-text': true, 'messages:send-file': true,
  'messages:send-clipboard-image': true, 'outbox:retry': true, 'outbox:discard': true, 'outbox:list': true,
  'conversation:view': true, 'conversation:typing': true, 'files:pick': true, 'files:open': true,
  'files:save-as': true, 'links:open': true, 'connection:retry-now': true, 'settings:get': true, 'settings:set': true,
}
const EVENT_CHANNELS: Record<EventChannel, true> = {
  message: true, 'message-state': true, typing: true, receipt: true, connection: true,
  'upload-progress': true, conversation: true, 'session-expired': true, 'open-conversation': true,
}

const bridge: ParleyBridge = {
  async invoke(channel, ...args) {
    if (!Object.hasOwn(INVOKE_CHANNELS, channel)) throw new Error(`Unknown Parley request: ${String(channel)}`)
    const envelope = (await ipcRenderer.invoke(channel, ...args)) as InvokeEnvelope<never>
    if (envelope.ok) return envelope.value
    // Errors lose their class and extra fields crossing contextBridge; only the message is
    // sure to survive, so the code travels in it too ("[code] words"), which the
    // renderer's bridge turns back into a ParleyError.
    throw Object.assign(new Error(`[${envelope.error.code}] ${envelope.error.message}`), { code: envelope.error.code })
  },
  on(event, listener) {
    if (!Object.hasOwn(EVENT_CHANNELS, event)) throw new Error(`Unknown Parley event: ${String(event)}`)
    const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload as never)
    ipcRenderer.on(event, forward)
    return () => {
      ipcRenderer.removeListener(event, forward)
    }
  },
  pathForFile: (file) => webUtils.getPathForFile(file),
}

contextBridge.exposeInMainWorld('parley', bridge)
