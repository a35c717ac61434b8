/** Shared pieces of the IPC and web host tests: typed calls through a dispatcher and waiting for events. */
import type { Dispatch } from '../../src/main/ipc/dispatch'
import type { EventBus } from '../../src/main/ipc/events'
import type { EventMap, EventName, IpcError, JobInfo, MethodName, RequestOf, ResponseOf, RunRequest } from '../../src/shared/ipc'
import { SPEC_DEFAULTS } from '../../src/shared/experiment'

/** A run request with every option given (small by default: LeNet-5 on the CLSA-CIM preset). */
export function runRequest(over: Partial<RunRequest> = {}): RunRequest {
  return {
    network: { zoo: 'lenet5' },
    arch: { preset: 'clsa-cim' },
    ...SPEC_DEFAULTS,
    ...over,
  }
}

/** Calls `method` and returns its value; throws (failing the test) with the error's code and message when not ok. */
export async function callOk<M extends MethodName>(dispatch: Dispatch, method: M, payload: RequestOf<M>): Promise<ResponseOf<M>> {
  const r = await dispatch(method, payload)
  if (!r.ok) throw new Error(`${method} failed: ${r.error.code}: ${r.error.message}`)
  return r.value as ResponseOf<M>
}

/** Calls `method` expecting { ok: false } and returns the error; throws when it succeeded. */
export async function callErr(dispatch: Dispatch, method: string, payload: unknown): Promise<IpcError> {
  const r = await dispatch(method, payload)
  if (r.ok) throw new Error(`${method} succeeded but should have failed: ${JSON.stringify(r.value)?.slice(0, 300)}`)
  return r.error
}

/** The next event `name` whose payload satisfies `match`, or a rejection after `timeoutMs`. Subscribe before starting the work. */
export function nextEvent<E extends EventName>(bus: EventBus, name: E, match: (p: EventMap[E]) => boolean, timeoutMs = 30_000): Promise<EventMap[E]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off()
      reject(new Error(`no ${name} event within ${timeoutMs} ms`))
    }, timeoutMs)
    const off = bus.subscribe((n, payload) => {
      if (n !== name || !match(payload as EventMap[E])) return
      clearTimeout(timer)
      off()
      resolve(payload as EventMap[E])
    })
  })
}

/**
 * Records every job.finished event from the moment it is made, so a job that ends before the test
 * starts waiting is still found.
 */
export class FinishedJobs {
  private readonly seen = new Map<string, JobInfo>()
  private readonly waiting = new Map<string, (j: JobInfo) => void>()
  readonly unsubscribe: () => void

  constructor(bus: EventBus) {
    this.unsubscribe = bus.subscribe((name, payload) => {
      if (name !== 'job.finished') return
      const job = payload as JobInfo
      this.seen.set(job.jobId, job)
      this.waiting.get(job.jobId)?.(job)
    })
  }

  /** The job's final JobInfo once it has finished. */
  wait(jobId: string, timeoutMs = 30_000): Promise<JobInfo> {
    const done = this.seen.get(jobId)
    if (done) return Promise.resolve(done)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(jobId)
        reject(new Error(`job ${jobId} did not finish within ${timeoutMs} ms`))
      }, timeoutMs)
      this.waiting.set(jobId, (j) => {
        clearTimeout(timer)
        this.waiting.delete(jobId)
        resolve(j)
      })
    })
  }
}
