// Preload that prints the process's peak resident memory (MB) to stderr at exit:
// node --import ./test/bench/peak-rss.mjs scripts/cim.mjs run --model resnet50
process.on('exit', () => process.stderr.write(`peak-rss-mb ${(process.resourceUsage().maxRSS / 1024).toFixed(1)}\n`))
