/**
 * Plan for a target: the smallest chip reaching a frame rate or a latency, for each duplication strategy side by side.
 * main searches in its worker pool; the store follows the search through target.progress events and can cancel it.
 */
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { RunRequest } from '../../../shared/ipc'
import type { Target, TargetAnswer, TargetPlanProgress } from '../../../shared/target'
import { ApiError, call, on } from '../api'

export const useTargetsStore = defineStore('targets', () => {
  /** The last plan's answers, one per strategy, and the request and target they answer (null before the first). */
  const answers = shallowRef<TargetAnswer[] | null>(null)
  const planned = shallowRef<{ run: RunRequest; target: Target } | null>(null)
  /** A plan is being searched (main schedules each candidate chip). */
  const planning = ref(false)
  /** The running plan's latest progress (null before its first report and when no plan runs). */
  const progress = shallowRef<TargetPlanProgress | null>(null)
  /** The running plan's id (null when none runs). */
  let planId: string | null = null

  on('target.progress', (p) => {
    if (p.planId === planId) progress.value = p
  })

  /** Searches the smallest chip for each strategy (one plan at a time); false when the search was cancelled. */
  async function plan(run: RunRequest, target: Target): Promise<boolean> {
    if (planning.value) throw new Error('a target search is already running: cancel it first')
    planId = crypto.randomUUID()
    planning.value = true
    progress.value = null
    try {
      answers.value = await call('targets.plan', { planId, run, target })
      planned.value = { run, target }
      return true
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CANCELLED') return false
      throw e
    } finally {
      planId = null
      planning.value = false
      progress.value = null
    }
  }

  /** Stops the running plan (its plan() then resolves false). */
  async function cancel(): Promise<void> {
    if (planId) await call('targets.cancel', { planId })
  }

  /** The run request of one strategy's answer: the planned run with its strategy on the answer chip. */
  function answerRun(a: TargetAnswer): RunRequest | null {
    if (!planned.value || a.report.pes === null) return null
    return { ...planned.value.run, duplication: a.duplication, chip: { pes: a.report.pes } }
  }

  return { answers, planned, planning, progress, plan, cancel, answerRun }
})
