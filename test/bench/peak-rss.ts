export {}

/**
 * Runs the CLI with the arguments after `--` in this process and prints its peak resident memory
 * (MB) to stderr at exit: `tsx test/bench/peak-rss.ts -- run --model resnet50`.
 */
const args = process.argv.slice(process.argv.indexOf('--') + 1)
process.argv = [process.argv[0], 'cim', ...args]
process.on('exit', () => process.stderr.write(`peak-rss-mb ${(process.resourceUsage().maxRSS / 1024).toFixed(1)}\n`))
await import('../../src/main/cli/index')
