/** The global --limits option: overrides of the run size limits (core/limits.ts), like $CIM_LIMITS. */
import type { Command } from 'commander'
import { LIMITS_ENV, parseLimits } from '../core/limits'

/** Adds --limits to the program; before any command runs, its value joins $CIM_LIMITS (the option wins), so workers and imports see it too. */
export function registerLimitsOption(program: Command): void {
  program.option('--limits <list>', `run size limits, e.g. sets=2e8,pes=1e7 (keys: sets, pes, tiles, map, elements; also $${LIMITS_ENV})`)
  program.hook('preAction', () => {
    const given = program.opts<{ limits?: string }>().limits
    if (given === undefined) return
    parseLimits(given, '--limits') // a bad value is refused here, naming the option
    process.env[LIMITS_ENV] = [process.env[LIMITS_ENV], given].filter(Boolean).join(',')
  })
}
