import { describe, expect, it } from 'vitest'
import {
  escapeHtml,
  formatBytes,
  formatCompact,
  formatDuration,
  formatEnergyNj,
  formatFactor,
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
    expect(formatBytes(11_023_360)).toBe('11 MB')
    expect(formatBytes(1536)).toBe('1.54 kB')
    expect(formatBytes(512)).toBe('512 B')
    expect(formatSteps(1)).toBe('1 step')
    expect(formatEnergyNj(288_287.96)).toBe('288 µJ')
    expect(formatEnergyNj(12)).toBe('12 nJ')
    expect(formatFactor(35.665)).toBe('35.7×')
    expect(formatPercent(0.379)).toBe('37.9 %')
    expect(formatCompact(6_559_328)).toBe('6.56 M')
    expect(formatDuration(185_000)).toBe('3 min 05 s')
    expect(formatLifetime(null)).toBe('unlimited')
    expect(formatLifetime(2e9, 2.1)).toBe('2 G inferences (2.1 years)')
    expect(escapeHtml('<a&"b">')).toBe('&lt;a&amp;&quot;b&quot;&gt;')
  })
})
