#!/usr/bin/env node
// `npm run serve`: the web host built into out/node, serving out/renderer; each is rebuilt first when its sources changed.
import { ensureRenderer, runBuilt } from './build.mjs'

await ensureRenderer()
await runBuilt('serve')
