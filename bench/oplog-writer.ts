/**
 * The writer process of bench/oplog.bench.ts's delay scenario: logs COUNT points in oplog mode, one every
 * EVERY ms, each followed by flush(). A point's value is Date.now() taken just before its log and flush,
 * so the reader's delay (its Date.now() when the point is visible in project.db, minus the value)
 * includes the write and fsync.
 *
 * @example
 * node dist/bench/oplog-writer.js /tmp/p 200 20
 */
import { openProject } from '../src/index.js'

const [dir, count, every] = process.argv.slice(2)
const project = openProject(dir!, { mode: 'oplog', flushMs: 60_000 })
const run = project.startRun({ customRunId: 'delay' })
for (let step = 0; step < Number(count); step++) {
  run.log({ written: Date.now() }, { step })
  run.flush()
  await new Promise((resolve) => setTimeout(resolve, Number(every)))
}
project.close()
