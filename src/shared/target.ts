/**
 * Plan for a target (cim-model.md section 6, "Inverse"): what the chip must reach, and the answer of
 * the search for the smallest chip (src/main/core/target.ts). Shared by the CLI, the IPC contract and the UI.
 */
import { z } from 'zod'
import type { RunSummary } from './experiment'
import type { DuplicationStrategy } from './strategies'

const positive = z.number().positive().max(1e15)

/** What the chip must reach: inferences per second (the catalog's summary.throughputPerS), or a latency in ns or in MVM steps. */
export const targetSchema = z.union([z.strictObject({ fps: positive }), z.strictObject({ latencyNs: positive }), z.strictObject({ latencySteps: positive })])
export type Target = z.infer<typeof targetSchema>

/** One chip's figures: PEs, latency (MVM steps) and throughput (inferences/s). */
export interface ChipFigure {
  pes: number
  latencySteps: number
  throughputPerS: number
}

/** What limits the figure when the target is unreachable. */
export type TargetBound = 'critical-path' | 'strategy' | 'chip-limit'

export interface TargetReport {
  target: Target
  met: boolean
  /** The answer: the fewest chip PEs that reach the target; null when unreachable. */
  pes: number | null
  /** Distinct duplications scheduled, and those skipped because a lower bound of their latency already misses the target. */
  candidatesEvaluated: number
  candidatesSkipped: number
  /** The chip one PE smaller than the answer; null when the answer is the network minimum (smaller chips run in reload mode and are not searched). */
  below: ChipFigure | null
  /** Unreachable: the fastest chip scheduled (null when none was). */
  best: ChipFigure | null
  /** Unreachable: what bounds the figure, and the latency it allows, steps. */
  bound: TargetBound | null
  boundSteps: number | null
}

/** One strategy's answer in the app: the search and the summary of the answer chip (null when unreachable). */
export interface TargetAnswer {
  duplication: DuplicationStrategy
  report: TargetReport
  summary: RunSummary | null
}

/** Why an unreachable target's figure cannot get better, in words. */
export const TARGET_BOUNDS: Record<TargetBound, string> = {
  'critical-path': 'the critical path (unlimited copies of every layer)',
  strategy: 'the strategy: it adds no further copy that makes the slowest layer faster',
  'chip-limit': 'the chip-size limit',
}

/** A target in words, for messages: "2,000 inferences/s", "a latency of 2,000,000 ns", "a latency of 625 steps". */
export function describeTarget(t: Target): string {
  const n = (v: number) => v.toLocaleString('en-US')
  return 'fps' in t ? `${n(t.fps)} inferences/s` : 'latencyNs' in t ? `a latency of ${n(t.latencyNs)} ns` : `a latency of ${n(t.latencySteps)} steps`
}

/** How far one strategy's search has got while it runs. */
export interface TargetSearchProgress {
  /** Distinct duplications scheduled and skipped so far. */
  candidatesEvaluated: number
  candidatesSkipped: number
  /** The chip size reached, PEs. */
  pes: number
}

/** Where one strategy of a plan stands: waiting for a worker, searching, running the answer chip, or answered. */
export type TargetStrategyState = 'queued' | 'searching' | 'running' | 'done'

/** The progress of a plan in the app (event target.progress): each strategy's state and its search so far (null before its first report). */
export interface TargetPlanProgress {
  planId: string
  strategies: { duplication: DuplicationStrategy; state: TargetStrategyState; search: TargetSearchProgress | null }[]
}
