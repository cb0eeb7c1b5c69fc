// The last step of a chunked upload: the synced .part file is renamed into the media
// folder (same volume, so no copy however large) and handed to the chat service, which
// stores the file Message and broadcasts it exactly like a seed file_message.
import { rename } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { User } from '../../../src-shared/protocol/types'
import type { ChatService } from '../chat/chat-service'
import { syncFolder, type MediaStore } from '../media/media-store'
import type { ClientConnection } from '../realtime/connection'
import type { UploadRecord } from '../storage/storage'

export interface FinalizeDeps {
  chat: ChatService
  media: MediaStore
}

/**
 * `origin` receives the stored message when the client_id turns out to be taken already
 * (e.g. by a seed file_message): the chat service then deletes the moved file.
 */
export async function finalizeUpload(
  deps: FinalizeDeps,
  record: UploadRecord,
  partFilePath: string,
  sender: User,
  origin: ClientConnection | undefined,
): Promise<void> {
  const target = deps.media.allocate(record.filename)
  await rename(partFilePath, target.absolutePath)
  try {
    await syncFolder(dirname(target.absolutePath))
    await deps.chat.storeFileMessage(
      {
        conversationId: record.conversationId,
        sender,
        content: record.content,
        clientId: record.clientId,
        replyTo: record.replyTo,
        mentions: record.mentions,
        storedRelativePath: target.storedPath,
        filename: record.filename,
        size: record.size,
      },
      origin,
    )
  } catch (error) {
    // Put the bytes back where a resume finds them, so a retry needs no re-upload.
    await rename(target.absolutePath, partFilePath).catch(() => undefined)
    throw error
  }
}
