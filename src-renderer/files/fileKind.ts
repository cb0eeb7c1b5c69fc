/** Raster images the renderer may show inline; SVG is excluded (it can carry script). */
export function isInlineImage(mimeType: string): boolean {
  return /^image\/(png|jpe?g|gif|webp|avif|bmp)$/i.test(mimeType)
}

/** "PDF", "PNG", "ZIP": a short label from the file name, else from the MIME type. */
export function fileTypeLabel(filename: string, mimeType: string): string {
  const extension = /\.([a-z0-9]{1,8})$/i.exec(filename)?.[1]
  if (extension) return extension.toUpperCase()
  const subtype = mimeType.split('/')[1]
  return subtype && subtype !== 'octet-stream' ? subtype.toUpperCase() : 'File'
}
