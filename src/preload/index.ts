import { contextBridge } from 'electron'

/** The renderer's only door to main: named functions, no ipcRenderer (filled by the IPC contract). */
const api = {
  platform: process.platform,
}

contextBridge.exposeInMainWorld('api', api)

export type PreloadApi = typeof api
