/** Plan for a target: the smallest chip reaching a frame rate or a latency, for each duplication strategy side by side. */
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { RunRequest } from '../../../shared/ipc'
import type { Target, TargetAnswer } from '../../../shared/target'
import { call } from '../api'

export const useTargetsStore = defineStore('targets', () => {
  /** The last plan's answers, one per strategy, and the request and target they answer (null before the first). */
  const answers = shallowRef<TargetAnswer[] | null>(null)
  const planned = shallowRef<{ run: RunRequest; target: Target } | null>(null)
  /** A plan is being searched (main schedules each candidate chip). */
  const planning = ref(false)

  async function plan(run: RunRequest, target: Target): Promise<void> {
    planning.value = true
    try {
      answers.value = await call('targets.plan', { run, target })
      planned.value = { run, target }
    } finally {
      planning.value = false
    }
  }

  /** The run request of one strategy's answer: the planned run with its strategy on the answer chip. */
  function answerRun(a: TargetAnswer): RunRequest | null {
    if (!planned.value || a.report.pes === null) return null
    return { ...planned.value.run, duplication: a.duplication, chip: { pes: a.report.pes } }
  }

  return { answers, planned, planning, plan, answerRun }
})
