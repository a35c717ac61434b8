import { describe, expect, it } from 'vitest'
import {
  escapeHtml,
  formatCompact,
  formatDuration,
  formatEnergyNj,
  formatFactor,
  formatLifespan,
  formatLifetime,
  formatNs,
  formatPercent,
  formatSteps,
} from '../../../src/shared/charts'

describe('units', () => {
  it('formats times, steps, energy and ratios with units', () => {
    expect(formatNs(800)).toBe('800 ns')
    expect(formatNs(13_600)).toBe('13.6 µs')
    expect(formatNs(2_536_000)).toBe('2.54 ms')
    expect(formatNs(90_448_800_000)).toBe('90.4 s')
    expect(formatSteps(113_061)).toBe('113,061 steps')
    expect(formatSteps(1)).toBe('1 step')
    expect(formatEnergyNj(288_287.96)).toBe('288 µJ')
    expect(formatEnergyNj(12)).toBe('12 nJ')
    expect(formatFactor(35.665)).toBe('35.7×')
    expect(formatPercent(0.379)).toBe('37.9 %')
    expect(formatCompact(6_559_328)).toBe('6.56 M')
    expect(formatDuration(185_000)).toBe('3 min 05 s')
    expect(formatLifetime(null)).toBe('unlimited')
    expect(formatLifetime(2e9, 2.1)).toBe('2 G inferences (2.1 years)')
    expect(formatLifetime(33_300_000, 0.0352)).toBe('33.3 M inferences (12.9 days)')
    expect(formatLifespan(1)).toBe('1 year')
    expect(formatLifespan(5 / 24 / 365.25)).toBe('5 hours')
    expect(formatLifespan(90 / 86_400 / 365.25)).toBe('1.5 minutes')
    expect(formatLifespan(0.5 / 86_400 / 365.25)).toBe('0.5 seconds')
    expect(escapeHtml('<a&"b">')).toBe('&lt;a&amp;&quot;b&quot;&gt;')
  })
})
