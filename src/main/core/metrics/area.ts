/** Chip area and peak power from the component figures (cim-model.md section 10). */
import { mvmCycles, mvmLatencyNs, slicesPerWeight } from '../../../shared/formulas'
import type { Architecture } from '../arch/spec'

/** ADCs of one PE: ceil(crossbar columns / columns per ADC). */
export function adcsPerPe(a: Architecture): number {
  return Math.ceil(a.crossbarCols / a.colsPerAdc)
}

/** Area of one PE, mm²: its cells, a DAC per row, its ADCs each with a shift-and-add unit. */
export function peAreaMm2(a: Architecture): number {
  return a.crossbarRows * a.crossbarCols * a.cellAreaMm2 + a.crossbarRows * a.dacAreaMm2 + adcsPerPe(a) * (a.adcAreaMm2 + a.shiftAddAreaMm2)
}

/** Area of a tile's shared parts, mm²: buffers and bus, digital unit, routers and links. */
export function tileSharedAreaMm2(a: Architecture): number {
  return a.bufferAreaMm2 + a.digitalAreaMm2 + a.routerAreaMm2
}

/** Chip area, mm²: the sum over its tiles (their PEs and shared parts) and the off-chip links. */
export function chipAreaMm2(a: Architecture, chipPes: number, tiles: number): number {
  return chipPes * peAreaMm2(a) + tiles * tileSharedAreaMm2(a) + a.ioAreaMm2
}

/**
 * Peak power of one PE, mW: back-to-back full MVMs (every cell, row and column used every input bit-slice)
 * with their lumped energy and the buffer bytes of their inputs (R) and outputs (C / s), pJ per ns.
 */
export function pePeakMw(a: Architecture): number {
  const R = a.crossbarRows
  const C = a.crossbarCols
  const perMvmPj =
    mvmCycles(a) * (R * C * a.cellReadPj + R * a.dacPj + C * (a.adcPj + a.shiftAddPj)) +
    a.mvmEnergyPj +
    ((R + C / slicesPerWeight(a)) * a.inputBits * a.bufferBytePj) / 8
  return perMvmPj / mvmLatencyNs(a)
}

/**
 * Peak chip power, W: every PE at its peak, each tile's digital unit handling every output its PEs
 * produce (C / s per MVM), routers per tile and the off-chip links.
 */
export function chipPeakPowerW(a: Architecture, chipPes: number, tiles: number): number {
  const digitalMw = (chipPes * (a.crossbarCols / slicesPerWeight(a)) * a.digitalOpEnergyPj) / mvmLatencyNs(a)
  return (chipPes * pePeakMw(a) + digitalMw + tiles * a.routerMw + a.ioMw) / 1000
}
