/**
 * `npm run bench`: the series benchmark. One run logs 100 float metrics x 100k steps through
 * `run.log(dict, { step })` (10 M points; `--quick`: 100 x 10k), and a 1M-point series is read back, in
 * Nereid and in peer layouts replicated on better-sqlite3 (MLflow, Trackio) and plain JSONL, side by side
 * in this one process. Nereid runs first and last; the better of its two runs is compared.
 *
 * Options: --quick, --only=nereid,mlflow,... (layouts to run), --once (Nereid once),
 * --dict=literal|computed (how each step's dict is built; default literal).
 *
 * @example
 * npm run bench -- --quick
 */
import { cpus, loadavg } from 'node:os'
import type { Layout } from './layout.js'
import { now } from './measure.js'
import { NullSink } from './null-sink.js'
import { jsonl } from './peers/jsonl.js'
import { mlflow } from './peers/mlflow.js'
import { nereid } from './peers/nereid.js'
import { trackio } from './peers/trackio.js'
import { printReport } from './report.js'
import { runScenario, type ScenarioResult } from './scenario.js'
import { drive, workload, type DictStyle } from './workload.js'

const PEERS: readonly Layout[] = [mlflow, trackio, jsonl]

function option(name: string): string | undefined {
  const prefix = `--${name}=`
  return process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length)
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick')
  const once = process.argv.includes('--once')
  const only = option('only')?.split(',')
  const style = (option('dict') ?? 'literal') as DictStyle
  if (style !== 'literal' && style !== 'computed')
    throw new Error(`--dict must be literal or computed, got ${style}`)
  const unknown = only?.filter((name) => ![nereid, ...PEERS].some((l) => l.name === name))
  if (unknown?.length)
    throw new Error(
      `--only: unknown layout ${unknown.join(', ')}; known: ${[nereid, ...PEERS].map((l) => l.name).join(', ')}`,
    )
  const wanted = (layout: Layout) => only === undefined || only.includes(layout.name)

  const metrics = 100
  const steps = quick ? 10_000 : 100_000
  const readPoints = 1_000_000
  const plan = {
    train: workload(metrics, steps, style),
    reads: workload(1, readPoints, style, 'eval/series'),
    readKey: 50,
  }

  console.log(
    `Series benchmark${quick ? ' (--quick)' : ''}: ${metrics} metrics x ${steps.toLocaleString('en')} steps, dicts built as ${style} objects; read series ${readPoints.toLocaleString('en')} points.`,
  )
  console.log(
    `Node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? '?'}, load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}.`,
  )

  // The loop alone, twice (the first warms the dict builder up).
  let driverMs = Infinity
  for (let i = 0; i < 2; i++) {
    const t = now()
    await drive(plan.train, new NullSink())
    driverMs = Math.min(driverMs, now() - t)
  }

  const order: [Layout, string][] = []
  if (wanted(nereid)) order.push([nereid, once ? 'nereid' : 'nereid (1st)'])
  for (const peer of PEERS) if (wanted(peer)) order.push([peer, peer.name])
  if (wanted(nereid) && !once) order.push([nereid, 'nereid (2nd)'])

  const results: ScenarioResult[] = []
  for (const [layout, label] of order) {
    process.stderr.write(`  ${label}...`)
    const result = await runScenario(layout, label, plan)
    process.stderr.write(` logged in ${(result.logMs / 1000).toFixed(2)} s\n`)
    results.push(result)
  }
  printReport(results, { driverMs, readPoints, trainSteps: steps })
  console.log(
    `\nLoad average at the end: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}.`,
  )
}

await main()
