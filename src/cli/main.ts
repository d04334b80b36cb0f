#!/usr/bin/env node
/**
 * The `nereid` command (package.json "bin"). See docs/cli.md.
 *
 * @example
 * // $ nereid ls --query 'metrics/acc > 0.9' --columns parameters/lr,metrics/acc --limit 10
 */
import { run } from './program.js'

// `nereid ls | head` closes the pipe early; that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0)
  throw error
})

process.exitCode = await run(process.argv)
