/**
 * A stand-in for src/renderer/src/api in component and store tests: answers calls from handlers a
 * test registers, records them, and lets the test emit main's events.
 *
 *   const api = await vi.hoisted(async () => (await import('../helpers/api')).createApiMock())
 *   vi.mock('../../../src/renderer/src/api', () => api.module)
 */
import { vi } from 'vitest'
import type { EventMap, EventName, MethodName, RequestOf, ResponseOf } from '../../../src/shared/ipc'

class ApiError extends Error {
  constructor(
    message: string,
    readonly code = 'TEST',
  ) {
    super(message)
  }
}

export function createApiMock() {
  const handlers = new Map<MethodName, (request: never) => unknown>()
  const listeners = new Map<EventName, Set<(payload: never) => void>>()
  const call = vi.fn(async (method: MethodName, request: unknown) => {
    const handler = handlers.get(method)
    if (!handler) throw new ApiError(`no test handler for ${method}`)
    return handler(request as never)
  })
  const resyncs = new Set<() => void>()
  const onResync = vi.fn((handler: () => void) => {
    resyncs.add(handler)
    return () => resyncs.delete(handler)
  })
  const on = vi.fn((event: EventName, handler: (payload: never) => void) => {
    const set = listeners.get(event) ?? new Set()
    set.add(handler)
    listeners.set(event, set)
    return () => set.delete(handler)
  })
  return {
    call,
    on,
    ApiError,
    module: { call, on, onResync, ApiError },
    /** Answers `method` with `handler` (a value or a function of the request). */
    handle<M extends MethodName>(method: M, handler: ResponseOf<M> | ((request: RequestOf<M>) => ResponseOf<M> | Promise<ResponseOf<M>>)) {
      handlers.set(method, (typeof handler === 'function' ? handler : () => handler) as (request: never) => unknown)
    },
    /** Delivers an event to every subscriber. */
    emit<E extends EventName>(event: E, payload: EventMap[E]) {
      listeners.get(event)?.forEach((h) => h(payload as never))
    },
    /** Tells the stores that events may have been missed. */
    resync() {
      resyncs.forEach((h) => h())
    },
    /** The requests made to one method, in order. */
    requests<M extends MethodName>(method: M): RequestOf<M>[] {
      return call.mock.calls.filter(([m]) => m === method).map(([, r]) => r as RequestOf<M>)
    },
    reset() {
      handlers.clear()
      listeners.clear()
      resyncs.clear()
      call.mockClear()
      on.mockClear()
    },
  }
}
