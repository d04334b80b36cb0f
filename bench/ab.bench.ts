/**
 * A same-process A/B of the log path between two builds of Nereid: `--a=DIR` is another checkout's root
 * (built: DIR/dist/src/index.js), B is this build (or `--b=DIR`). Each repeat logs `--metrics` float series for `--steps`
 * steps through `run.log(dict, { step })` (timed from the first log to the end of `close()`), A and B
 * interleaved in ABBA order so a loaded machine's drift hits both; prints each side's median points/s (of
 * wall time, and of the process's CPU time, all threads, steadier on a loaded machine) and the median and
 * spread of the paired ratios B/A.
 *
 * @example
 * git archive main | tar -x -C /tmp/base && (cd /tmp/base && ln -s $PWD/node_modules && npx tsc -p tsconfig.build.json)
 * npm run build && node dist/bench/ab.bench.js --a=/tmp/base --metrics=100 --steps=20000 --repeats=8
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { median, now } from './measure.js'
import { drive, workload } from './workload.js'

interface Api {
  openProject(dir: string): {
    startRun(o: { name: string }): {
      log(v: Record<string, number>, o: { step: number }): void
      close(): void
    }
    close(): void
  }
}

function option(name: string, fallback: string): string {
  const prefix = `--${name}=`
  return process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length) ?? fallback
}

/** One repeat: points per second of wall time and of process CPU time (all threads). */
interface Rate {
  wall: number
  cpu: number
}

async function once(api: Api, metrics: number, steps: number): Promise<Rate> {
  const dir = mkdtempSync(join(tmpdir(), 'nereid-ab-'))
  try {
    const project = api.openProject(dir)
    const run = project.startRun({ name: 'train' })
    const w = workload(metrics, steps, 'literal')
    const t = now()
    const cpu = process.cpuUsage()
    await drive(w, { log: (values, step) => run.log(values, { step }), close: () => run.close() })
    run.close()
    const ms = now() - t
    const used = process.cpuUsage(cpu)
    project.close()
    const points = metrics * steps
    return { wall: points / (ms / 1000), cpu: points / ((used.user + used.system) / 1e6) }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

async function main(): Promise<void> {
  const aDir = option('a', '')
  if (aDir === '') throw new Error('--a=DIR: the root of the baseline checkout (built)')
  const metrics = Number(option('metrics', '100'))
  const steps = Number(option('steps', '20000'))
  const repeats = Number(option('repeats', '8'))
  const a = (await import(pathToFileURL(join(resolve(aDir), 'dist/src/index.js')).href)) as Api
  const bDir = option('b', '')
  const b = (
    bDir === ''
      ? await import('../src/index.js')
      : await import(pathToFileURL(join(resolve(bDir), 'dist/src/index.js')).href)
  ) as Api
  await once(a, metrics, Math.min(steps, 2000)) // warm both up
  await once(b, metrics, Math.min(steps, 2000))
  const as: Rate[] = []
  const bs: Rate[] = []
  for (let i = 0; i < repeats; i++) {
    const order: [Api, Rate[]][] =
      i % 2 === 0
        ? [
            [a, as],
            [b, bs],
            [b, bs],
            [a, as],
          ]
        : [
            [b, bs],
            [a, as],
            [a, as],
            [b, bs],
          ]
    for (const [api, out] of order) out.push(await once(api, metrics, steps))
  }
  console.log(
    `${metrics} metrics x ${steps} steps, ${as.length} runs each (ABBA), load average ${loadavg()[0]!.toFixed(1)}`,
  )
  for (const key of ['wall', 'cpu'] as const) {
    const xa = as.map((r) => r[key])
    const xb = bs.map((r) => r[key])
    const ratios = xa.map((x, i) => xb[i]! / x)
    const fmt = (x: number) => `${(x / 1e6).toFixed(2)}`
    const range = (xs: number[]) => `${fmt(Math.min(...xs))}..${fmt(Math.max(...xs))}`
    console.log(
      `${key.padEnd(4)} A ${fmt(median(xa))} M/s (${range(xa)}), B ${fmt(median(xb))} M/s (${range(xb)}); B/A median x${median(ratios).toFixed(2)}, paired ${Math.min(...ratios).toFixed(2)}..${Math.max(...ratios).toFixed(2)}`,
    )
  }
}

await main()
