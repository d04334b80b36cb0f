/**
 * `npm run bench:changes -- --project=DIR`: the server's two per-poll reads on a large project, beside what
 * they replaced, in this one process. DIR is copied first (make one with `npm run bench:runs-table -- --keep`,
 * 10k runs × 100 fields); the copy gets 2,000 objects.
 * - `changesSince(now)` (a live-update poll that finds nothing) through the index `fields_updated_at`,
 *   beside the same SQL forced to scan the fields table (`NOT INDEXED`, what format 3 did);
 * - a project's summary for `/api/projects` (objects/ sizes from remembered fan-out directories) beside a
 *   walk that stats every object (what every call did before).
 *
 * @example
 * npm run bench:changes -- --project=/tmp/nereid-runs-table-bench-XXXX/nereid
 */
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { openProject } from '../src/index.js'
import { openLocalStore } from '../src/store/local-store.js'
import { CHANGED_FIELDS } from '../src/engine/query/changes.js'
import { median, now, timeMedian } from './measure.js'

async function timedAsync(
  fn: () => Promise<unknown>,
  repeats = 9,
  before: () => void = () => {},
): Promise<number> {
  await fn()
  const times: number[] = []
  for (let i = 0; i < repeats; i++) {
    before()
    const start = now()
    await fn()
    times.push(now() - start)
  }
  return median(times)
}

/** The walk every summary did before: readdir and stat every object. */
function walk(dir: string): number {
  let bytes = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    bytes += entry.isDirectory() ? walk(path) : statSync(path).size
  }
  return bytes
}

async function main(): Promise<void> {
  const source = process.argv.find((a) => a.startsWith('--project='))?.slice('--project='.length)
  if (!source) throw new Error('give --project=DIR (npm run bench:runs-table -- --keep leaves one)')
  const root = mkdtempSync(join(tmpdir(), 'nereid-changes-'))
  try {
    const dir = join(root, 'p')
    cpSync(source, dir, { recursive: true })
    const project = openProject(dir, { onWarning: () => {} }) // migrates to the current format
    process.env.NEREID_CAPTURE = '0'
    const run = project.startRun()
    for (let i = 0; i < 2000; i++) {
      const file = join(root, `f${i}.txt`)
      writeFileSync(file, `object ${i}\n`.repeat(1 + (i % 50)))
      await run.field(`files/f${i}`).upload(file)
    }
    run.close()
    project.close()
    const reader = openProject(dir, { readonly: true })
    const fields = new Database(join(dir, 'project.db'), { readonly: true })
    const count = (fields.prepare('SELECT count(*) AS n FROM fields').get() as { n: number }).n
    const scan = fields.prepare(CHANGED_FIELDS.replace('INDEXED BY fields_updated_at', 'NOT INDEXED'))
    const t = Date.now()
    const indexed = timeMedian(() => reader.changesSince(t))
    const scanned = timeMedian(() => scan.all(t))
    console.log(
      `${count.toLocaleString()} fields, ${reader.runs.list().length.toLocaleString()} runs, 2,000 objects`,
    )
    console.log(
      `changesSince(now): index ${indexed.toFixed(2)} ms, scan ${scanned.toFixed(2)} ms (${(scanned / indexed).toFixed(0)}x)`,
    )
    reader.close()
    fields.close()
    const store = openLocalStore(dir)
    const name = (await store.names())[0]!
    const handle = await store.project(name)
    await new Promise((resolve) => setTimeout(resolve, 2_100)) // the fan-out directories settle
    const writer = openProject(dir, { onWarning: () => {} })
    const live = writer.startRun()
    let step = 0
    const commit = (): void => {
      live.log({ x: step }, { step: step++ })
      live.flush()
    }
    const reused = await timedAsync(() => handle.summary())
    const fresh = await timedAsync(() => handle.summary(), 9, commit)
    const old = openProject(dir, { readonly: true })
    // what every call did before: stats() (counts over every field, a walk statting every object) and the runs again
    const before = timeMedian(
      () => [old.stats(), old.runs.list(), walk(join(dir, 'objects', 'sha256'))],
      9,
      commit,
    )
    old.close()
    live.close()
    writer.close()
    console.log(
      `project summary (/api/projects): after a commit ${fresh.toFixed(2)} ms, nothing committed ${reused.toFixed(2)} ms; before: ${before.toFixed(2)} ms on every call (${(before / fresh).toFixed(1)}x)`,
    )
    await store.close()
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

void main()
