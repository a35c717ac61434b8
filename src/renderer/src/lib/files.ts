/** Reading files the user picks or drops, and saving files to the user's downloads. */

/** A file's bytes as base64 (the form networks.import takes). */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer())
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

/** Saves text as a file through the browser's download. */
export function downloadText(fileName: string, text: string, type = 'application/json'): void {
  downloadBlob(fileName, new Blob([text], { type }))
}

/** Saves base64 bytes (a report made in main) as a file. */
export function downloadBase64(fileName: string, dataBase64: string, type: string): void {
  downloadBlob(fileName, new Blob([Uint8Array.from(atob(dataBase64), (c) => c.charCodeAt(0))], { type }))
}

function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
