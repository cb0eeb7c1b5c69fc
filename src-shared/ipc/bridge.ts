// The shape of `window.parley` (exposed by src-preload) and of the browser bridge the web
// client builds in-page: one typed invoke per contract channel plus event subscriptions.
import type { EventChannel, EventPayloads, InvokeArgs, InvokeChannel, InvokeResults, OutboxItem } from './contract'

export interface ParleyBridge {
  invoke<C extends InvokeChannel>(channel: C, ...args: InvokeArgs<C>): Promise<InvokeResults[C]>
  /** Subscribes to a main-process event; returns the unsubscribe function. */
  on<E extends EventChannel>(event: E, listener: (payload: EventPayloads[E]) => void): () => void
  /**
   * The URL the page may load to show a message's file (`file_url`), or null when it cannot
   * be shown. Desktop: a parley-media:// URL that main answers through its own transport
   * (media-url.ts). Browser: the server's own URL, which is the page's origin.
   */
  mediaUrl(fileUrl: string): string | null
  /**
   * Desktop only: the absolute path of a dropped/picked File (webUtils.getPathForFile), so
   * main reads the bytes itself. Undefined in the browser bridge, which reads Files in-page.
   */
  pathForFile?: (file: File) => string
  /**
   * Browser only: sends a File read in-page in ranges (Blob.slice), for drops and pastes.
   * Undefined on the desktop, where main reads the file from its path.
   */
  sendFileObject?: (conversationId: number, file: File, caption?: string) => Promise<OutboxItem>
}
