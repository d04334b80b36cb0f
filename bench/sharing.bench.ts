/**
 * `npm run bench:sharing`: export and import of a 10 M-point project (`--quick`: 1 M) beside the plain
 * file-system copies of the same closed directory, in this one process: `project.export` as a directory
 * and as a tar vs `cp -r` and `tar -cf`; `project.import` of each into an empty project vs `cp -r` again.
 * One run logs 100 float metrics x 100k steps (bench/workload.ts) and uploads 16 files of 1 MiB. Reported:
 * seconds, MB/s of the project's bytes, M points/s, and the ratio to the baseline; then, with
 * `--parquet`, the columnar export's bytes per point.
 *
 * @example
 * npm run bench:sharing -- --quick
 */
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { openProject } from '../src/index.js'
import { exportParquet } from '../src/share/index.js'
import { bytesUnder, now } from './measure.js'
import { renderTable } from './report.js'
import { drive, workload } from './workload.js'

const MB = 1024 * 1024

function shell(command: string, args: string[]): void {
  const result = spawnSync(command, args, { stdio: 'inherit' })
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}`)
}

async function timed(fn: () => unknown): Promise<number> {
  const t = now()
  await fn()
  return (now() - t) / 1000
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick')
  const metrics = 100
  const steps = quick ? 10_000 : 100_000
  const points = metrics * steps
  const root = mkdtempSync(join(tmpdir(), 'nereid-sharing-bench-'))
  try {
    console.log(
      `Sharing benchmark${quick ? ' (--quick)' : ''}: ${points.toLocaleString('en')} points, 16 MiB of files.`,
    )
    console.log(
      `Node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? '?'}, load ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}.`,
    )
    process.env.NEREID_CAPTURE = '0'
    const dir = join(root, 'src')
    const project = openProject(dir, { onWarning: () => {} })
    const run = project.startRun({ name: 'train' })
    await drive(workload(metrics, steps, 'literal'), {
      log: (values, step) => run.log(values, { step }),
      close: () => {},
    })
    for (let i = 0; i < 16; i++) await run.field(`files/f${i}`).upload(randomBytes(MB))
    run.close()
    project.close()
    const bytes = bytesUnder(dir)
    console.log(`Project: ${(bytes / MB).toFixed(1)} MiB.\n`)

    const source = openProject(dir, { onWarning: () => {} })
    const rows: [string, number, number][] = [] // name, seconds, baseline seconds
    const cp = await timed(() => shell('cp', ['-r', dir, join(root, 'cp-copy')]))
    const tar = await timed(() => shell('tar', ['-cf', join(root, 'baseline.tar'), '-C', dir, '.']))
    rows.push(['export dir', await timed(() => source.export(join(root, 'out-dir'))), cp])
    rows.push(['export tar', await timed(() => source.export(join(root, 'out.tar'), { format: 'tar' })), tar])
    source.close()
    for (const [name, src] of [
      ['import dir', join(root, 'out-dir')],
      ['import tar', join(root, 'out.tar')],
    ] as const) {
      const target = openProject(join(root, `into-${name.replace(' ', '-')}`), { onWarning: () => {} })
      const seconds = await timed(() => target.import(src))
      const again = await timed(() => target.import(src))
      target.close()
      const base = await timed(() => shell('cp', ['-r', dir, join(root, `cp-${name.replace(' ', '-')}`)]))
      rows.push([name, seconds, base], [`${name} again (no change)`, again, base])
    }
    console.log(
      renderTable(
        ['step', 's', 'MB/s', 'M points/s', 'baseline', 'baseline s', 'x baseline time'],
        rows.map(([name, s, base]) => [
          name,
          s.toFixed(2),
          (bytes / MB / s).toFixed(1),
          (points / s / 1e6).toFixed(2),
          name.startsWith('export tar') ? 'tar -cf' : 'cp -r',
          base.toFixed(2),
          (s / base).toFixed(2),
        ]),
      ),
    )
    if (process.argv.includes('--parquet')) {
      const readonly = openProject(dir, { readonly: true })
      const s = await timed(() => exportParquet(readonly, join(root, 'parquet')))
      readonly.close()
      const parquet = bytesUnder(join(root, 'parquet', 'data'))
      console.log(
        `\nParquet: ${(parquet / points).toFixed(2)} bytes/point, ${(points / s / 1e6).toFixed(3)} M points/s.`,
      )
    }
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

await main()
