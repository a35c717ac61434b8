import { EventEmitter } from 'node:events'
import type { EventMap, EventName } from '../../shared/ipc'

/** Main-process events for the renderer; the Electron window and the web host both subscribe. */
export class EventBus {
  private emitter = new EventEmitter().setMaxListeners(100)

  emit<E extends EventName>(name: E, payload: EventMap[E]): void {
    this.emitter.emit('event', name, payload)
  }

  /** Subscribes to every event; returns the unsubscribe function. */
  subscribe(listener: (name: EventName, payload: unknown) => void): () => void {
    this.emitter.on('event', listener)
    return () => this.emitter.off('event', listener)
  }
}
