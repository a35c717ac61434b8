/** Energy of a run, nJ: MVMs x MVM energy + digital ops x op energy + cell writes x write energy (pJ each). */
export function energyNj(mvms: number, mvmPj: number, digitalOps: number, opPj: number, cellWrites: number, writePj: number): number {
  return (mvms * mvmPj + digitalOps * opPj + cellWrites * writePj) / 1000
}
