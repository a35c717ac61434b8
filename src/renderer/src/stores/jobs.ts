/**
 * Jobs running in main's worker pool: started from here (runs, sweeps, re-runs), followed through
 * job.progress / job.finished events, cancellable. Elapsed and remaining time tick once a second.
 */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { JobInfo, RunRequest, SweepGrid } from '../../../shared/ipc'
import { call, on, onResync } from '../api'

/**
 * Whether `next` is a later state of a job than `known`: states arrive by two roads (the start
 * call's answer and the events), and a quick job's events can overtake the answer.
 */
export function isLater(next: JobInfo, known: JobInfo | undefined): boolean {
  if (!known) return true
  if (known.status !== 'running') return false
  return next.status !== 'running' || next.fraction >= known.fraction
}

/** Remaining time from the elapsed time and the fraction done, ms; null before any progress. */
export function remainingMs(elapsed: number, fraction: number): number | null {
  return fraction > 0 && fraction < 1 ? (elapsed * (1 - fraction)) / fraction : fraction >= 1 ? 0 : null
}

export const useJobsStore = defineStore('jobs', () => {
  const byId = ref(new Map<string, JobInfo>())
  const now = ref(Date.now())
  let ticker: ReturnType<typeof setInterval> | null = null

  /** Newest first. */
  const jobs = computed(() => [...byId.value.values()].sort((a, b) => b.startedAt.localeCompare(a.startedAt)))
  const running = computed(() => jobs.value.filter((j) => j.status === 'running'))

  function upsert(job: JobInfo) {
    const before = byId.value.get(job.jobId)
    if (!isLater(job, before)) return
    const next = new Map(byId.value)
    next.set(job.jobId, job)
    byId.value = next
    tick()
  }

  /** Keeps `now` ticking while a job runs, for elapsed and remaining time. */
  function tick() {
    now.value = Date.now()
    if (running.value.length && !ticker) ticker = setInterval(() => (now.value = Date.now()), 1000)
    if (!running.value.length && ticker) {
      clearInterval(ticker)
      ticker = null
    }
  }

  /** Time since the job started, or until it ended (main's clocks, so also for jobs that ended before this page loaded), ms. */
  function elapsedMs(job: JobInfo): number {
    const end = job.status === 'running' || !job.finishedAt ? now.value : Date.parse(job.finishedAt)
    return Math.max(0, end - Date.parse(job.startedAt))
  }

  async function load() {
    for (const j of await call('jobs.list', {})) upsert(j)
  }

  on('job.progress', upsert)
  on('job.finished', upsert)
  onResync(() => void load())

  async function startRun(run: RunRequest, experiment?: string): Promise<JobInfo> {
    const job = await call('runs.start', { run, ...(experiment ? { experiment } : {}) })
    upsert(job)
    return job
  }

  async function startSweep(name: string, base: RunRequest, grid: SweepGrid): Promise<JobInfo> {
    const job = await call('sweeps.start', { name, base, grid })
    upsert(job)
    return job
  }

  async function rerun(runId: number): Promise<JobInfo> {
    const job = await call('runs.rerun', { id: runId })
    upsert(job)
    return job
  }

  /** Queues again the interrupted runs of an experiment. */
  async function resume(experimentId: number): Promise<JobInfo> {
    const job = await call('experiments.resume', { id: experimentId })
    upsert(job)
    return job
  }

  async function cancel(jobId: string) {
    await call('jobs.cancel', { jobId })
  }

  return { jobs, running, now, load, startRun, startSweep, rerun, resume, cancel, elapsedMs }
})
