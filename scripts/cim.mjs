#!/usr/bin/env node
// `cim` (npm run cim, npx cim): the command line built into out/node, rebuilt first when its sources changed.
import { runBuilt } from './build.mjs'

await runBuilt('cim')
