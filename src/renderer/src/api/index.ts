/**
 * The renderer's one client of main: window.api (the preload) inside Electron, the local web host's
 * HTTP + Server-Sent Events API in a browser. Everything above this file uses `api` only.
 */
import { EVENT_NAMES, type Envelope, type EventMap, type EventName, type IpcError, type MethodName, type RequestOf, type ResponseOf } from '../../../shared/ipc'

/** What the preload exposes as window.api: one named function per method, plus event subscription. */
export type BridgeApi = { [M in MethodName]: (request: RequestOf<M>) => Promise<Envelope<ResponseOf<M>>> } & {
  onEvent(listener: (name: EventName, payload: unknown) => void): () => void
}

/** An error answered by main, with its stable code and any field errors. */
export class ApiError extends Error implements IpcError {
  readonly code: string
  readonly fields: IpcError['fields']
  constructor(e: IpcError) {
    super(e.message)
    this.name = 'ApiError'
    this.code = e.code
    this.fields = e.fields
  }
}

interface Transport {
  invoke(method: MethodName, request: unknown): Promise<Envelope<unknown>>
  /** `resync` is called when events may have been missed (the event stream reconnected). */
  subscribe(listener: (name: EventName, payload: unknown) => void, resync: () => void): () => void
}

function bridgeTransport(bridge: BridgeApi): Transport {
  return {
    invoke: (method, request) => (bridge[method] as (r: unknown) => Promise<Envelope<unknown>>)(request),
    subscribe: (listener) => bridge.onEvent(listener),
  }
}

/** The per-session token of the web host: from the page URL, kept for reloads of the tab. */
function webToken(): string {
  const fromUrl = new URLSearchParams(location.search).get('token')
  if (fromUrl) sessionStorage.setItem('cim-token', fromUrl)
  return fromUrl ?? sessionStorage.getItem('cim-token') ?? ''
}

function webTransport(): Transport {
  const token = webToken()
  return {
    async invoke(method, request) {
      const res = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-cim-token': token },
        body: JSON.stringify(request ?? {}),
      })
      if (res.headers.get('content-type')?.includes('application/json')) return (await res.json()) as Envelope<unknown>
      return { ok: false, error: { code: `HTTP_${res.status}`, message: (await res.text()) || res.statusText } }
    },
    subscribe(listener, resync) {
      const source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`)
      for (const name of EVENT_NAMES) source.addEventListener(name, (e: MessageEvent) => listener(name, JSON.parse(e.data)))
      let opened = false
      source.addEventListener('open', () => {
        if (opened) resync()
        opened = true
      })
      return () => source.close()
    },
  }
}

const transport: Transport = (globalThis as { api?: BridgeApi }).api ? bridgeTransport((globalThis as unknown as { api: BridgeApi }).api) : webTransport()

/** Calls a main method; resolves with its value or rejects with an ApiError. */
export async function call<M extends MethodName>(method: M, request: RequestOf<M>): Promise<ResponseOf<M>> {
  const envelope = await transport.invoke(method, request)
  if (!envelope.ok) throw new ApiError(envelope.error)
  return envelope.value as ResponseOf<M>
}

const listeners = new Map<EventName, Set<(payload: never) => void>>()
const resyncs = new Set<() => void>()
let unsubscribe: (() => void) | null = null

function subscribe() {
  unsubscribe ??= transport.subscribe(
    (name, payload) => listeners.get(name)?.forEach((h) => h(payload as never)),
    () => resyncs.forEach((h) => h()),
  )
}

/** Subscribes to a main event; returns the unsubscribe function. */
export function on<E extends EventName>(event: E, handler: (payload: EventMap[E]) => void): () => void {
  subscribe()
  const set = listeners.get(event) ?? new Set()
  set.add(handler as (payload: never) => void)
  listeners.set(event, set)
  return () => set.delete(handler as (payload: never) => void)
}

/** Calls `handler` when events may have been missed (the web host's event stream reconnected), to fetch state again. */
export function onResync(handler: () => void): () => void {
  subscribe()
  resyncs.add(handler)
  return () => resyncs.delete(handler)
}
