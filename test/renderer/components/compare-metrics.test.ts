import { describe, expect, it } from 'vitest'
import { COMPARE_METRICS, difference } from '../../../src/renderer/src/components/compare/metrics'

const metric = (label: string) => COMPARE_METRICS.find((m) => m.label === label)!

describe('differences to the reference run', () => {
  it("are relative, signed, and judged by the metric's better direction", () => {
    expect(difference(metric('Latency'), 3170, 113_061)).toEqual({ text: '−97.2 %', verdict: 'better' })
    expect(difference(metric('Speedup'), 35.7, 1)).toEqual({ text: '+3,470 %', verdict: 'better' })
    expect(difference(metric('Energy'), 110, 100)).toEqual({ text: '+10 %', verdict: 'worse' })
    expect(difference(metric('Chip PEs'), 181, 181)).toEqual({ text: '=', verdict: 'same' })
    expect(difference(metric('Lifetime'), null, 1e9)).toBeNull()
  })
})
