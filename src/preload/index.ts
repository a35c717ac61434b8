import { contextBridge, ipcRenderer } from 'electron'
import { EVENT_CHANNEL, METHOD_NAMES, invokeChannel, type EventName } from '../shared/ipc'

/**
 * The renderer's only door to main: one named function per contract method and an event
 * subscription. ipcRenderer itself is never exposed.
 */
const api: Record<string, unknown> = Object.fromEntries(METHOD_NAMES.map((m) => [m, (request: unknown) => ipcRenderer.invoke(invokeChannel(m), request)]))
api.onEvent = (listener: (name: EventName, payload: unknown) => void) => {
  const handler = (_e: unknown, name: EventName, payload: unknown) => listener(name, payload)
  ipcRenderer.on(EVENT_CHANNEL, handler)
  return () => ipcRenderer.removeListener(EVENT_CHANNEL, handler)
}

contextBridge.exposeInMainWorld('api', api)
