// The typed bridge: exactly the IPC contract, nothing raw.
import { contextBridge } from 'electron'

contextBridge.exposeInMainWorld('parley', { version: 1 })
