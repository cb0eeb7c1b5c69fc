// Error frames of the chunked upload extension: the seed's {type, message} plus a `code`
// for programs and the ids that say which upload it is about.
import type { UploadErrorCode, UploadErrorFrame } from '../../../src-shared/protocol/upload'
import { formatFileSize } from '../../../src-shared/protocol/format'

export interface UploadErrorRef {
  clientId?: string | undefined
  uploadId?: string | undefined
}

export function uploadError(
  code: UploadErrorCode,
  message: string,
  ref: UploadErrorRef = {},
  extra: { expectedOffset?: number } = {},
): UploadErrorFrame {
  const frame: UploadErrorFrame = { type: 'error', message, code }
  if (ref.clientId !== undefined) frame.client_id = ref.clientId
  if (ref.uploadId !== undefined) frame.upload_id = ref.uploadId
  if (extra.expectedOffset !== undefined) frame.expected_offset = extra.expectedOffset
  return frame
}

export const uploadMessages = {
  tooLarge: (max: number) => `File too large (max ${formatFileSize(max)})`,
  notFound: 'Upload not found',
  notOpen: 'Upload is not open on this connection: send upload_resume first',
  wrongOffset: (got: number, expected: number) => `Wrong offset ${got}: the server expects offset ${expected}`,
  chunkTooBig: (max: number) => `Chunk is larger than chunk_size (${max} bytes)`,
  pastEnd: 'Chunk runs past the declared file size',
  storageFailed: 'The server could not store the upload; resume it to continue',
  insufficientStorage: 'Not enough free space on the server for this file',
  tooMany: (max: number) => `Too many unfinished uploads (max ${max}); finish or cancel one first`,
  clientIdTaken: 'client_id already names a different upload',
  invalidFilename: 'Invalid filename',
  notParticipant: 'You are not a participant of this conversation',
} as const
