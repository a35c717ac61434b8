#!/usr/bin/env node
// `npm run serve`: the web host built into out/node, rebuilt first when its sources changed.
import { runBuilt } from './build.mjs'

await runBuilt('serve')
