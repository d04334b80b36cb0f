/**
 * Many writer processes into one inbox while `nereid watch` merges (two watchers at once), and two
 * `nereid merge` processes at once: every point lands exactly once, typed as the API types it. The issue
 * asks for 64 writers × 10k points; on this 2-core machine shared with other work the suite runs 16 × 10k,
 * which exercises the same paths; NEREID_TEST_OPLOG_WRITERS=64 runs the full size (done by hand: see
 * docs/oplog.md, "Tested").
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openProject, type Project } from '../../../src/index.js'
import { MAIN } from '../../cli/cli.js'
import { runFixture } from '../../helpers/child.js'
import { tempProjectDir } from '../../helpers/tmp.js'

const WRITERS = Number(process.env.NEREID_TEST_OPLOG_WRITERS ?? 16)
const POINTS = 10_000

/** `nereid watch …` as a child; `ready` once it printed that it watches (its signal handlers are set). */
function nereid(args: string[]): {
  child: ChildProcess
  ready: Promise<void>
  ended: Promise<{ code: number | null; out: string }>
} {
  const child = spawn(process.execPath, [MAIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  })
  let out = ''
  let started: () => void = () => {}
  const ready = new Promise<void>((resolve) => (started = resolve))
  const take = (b: Buffer): void => {
    out += b.toString()
    if (out.includes('watching ')) started()
  }
  child.stdout?.on('data', take)
  child.stderr?.on('data', take)
  const ended = new Promise<{ code: number | null; out: string }>((resolve) =>
    child.on('close', (code) => {
      started() // a child that died early fails on its exit code, not on a wait
      resolve({ code, out })
    }),
  )
  return { child, ready, ended }
}

async function writeAll(dir: string): Promise<void> {
  const writers = Array.from({ length: WRITERS }, (_, i) =>
    runFixture('oplog-writer', [dir, String(i), String(POINTS)]),
  )
  for (const w of writers) {
    const { code } = await w.ended
    expect(code, w.stderr()).toBe(0)
  }
}

function checkExactlyOnce(project: Project): void {
  const runs = project.runs.list()
  expect(runs.length).toBe(WRITERS + 1)
  const expected = Array.from({ length: POINTS }, (_, i) => i / 2)
  const shared = runs.find((r) => r.customRunId === 'shared')!
  for (let tag = 0; tag < WRITERS; tag++) {
    const summary = runs.find((r) => r.customRunId === `w-${tag}`)!
    const run = project.runs.get(summary.id)
    expect(run.field('parameters/rank').fetch()).toBe(BigInt(tag))
    expect(run.field('train/x').type()).toBe('FloatSeries')
    const points = run.field('train/x').fetchValues() as {
      steps: ArrayLike<number>
      values: ArrayLike<number>
    }
    expect(Array.from(points.values)).toEqual(expected)
    expect(Array.from(points.steps)).toEqual(expected.map((_, i) => i))
    const mine = project.runs.get(shared.id).field(`ranks/${tag}/x`).fetchValues() as {
      values: ArrayLike<number>
    }
    expect(Array.from(mine.values)).toEqual(expected)
  }
}

describe('oplog concurrency (real processes)', () => {
  it(`${WRITERS} writers × ${POINTS} points while two watchers merge: every point exactly once`, async () => {
    const dir = tempProjectDir()
    openProject(dir, { mode: 'db', key: 'OP' }).close()
    const watchers = [nereid(['watch', dir, '--poll-ms', '200']), nereid(['watch', dir, '--poll-ms', '300'])]
    // a watcher killed before its SIGTERM handler is set (a slow start on a loaded machine) ends with no code
    await Promise.all(watchers.map((w) => w.ready))
    await writeAll(dir)
    // the watchers finish the merge on their own: wait until a merge here finds nothing left to apply
    const project = openProject(dir, { mode: 'db' })
    for (let i = 0; i < 600; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500))
      const counts =
        project.runs.list().length === WRITERS + 1
          ? project.runs.get(project.runs.list()[0]!.id).field('train/x')
          : undefined
      if (
        counts?.exists() &&
        (counts.fetchValues() as { values: ArrayLike<number> }).values.length === POINTS
      ) {
        const all = project.runs
          .list()
          .every(
            (r) =>
              r.customRunId === 'shared' ||
              (project.runs.get(r.id).field('train/x').fetchValues() as { values: ArrayLike<number> }).values
                .length === POINTS,
          )
        if (all) break
      }
    }
    for (const w of watchers) w.child.kill('SIGTERM')
    const outs = await Promise.all(watchers.map((w) => w.ended))
    for (const o of outs) expect(o.code, o.out).toBe(0)
    expect(outs.map((o) => o.out).join('')).toMatch(/merged \d+ files?: \d+ lines/)
    const rest = await project.merge()
    expect(rest.skipped).toEqual([])
    expect(rest.lines).toBe(0) // the watchers merged everything
    checkExactlyOnce(project)
    // every writer closed: each file was archived once, by one of the merges, none left behind
    expect(readdirSync(join(dir, 'inbox')).filter((n) => n.endsWith('.jsonl'))).toEqual([])
    expect(readdirSync(join(dir, 'inbox', 'merged')).length).toBe(WRITERS)
    project.close()
  }, 600_000)

  it('two `nereid merge` processes at once apply each line once', async () => {
    const dir = tempProjectDir()
    openProject(dir, { mode: 'db', key: 'OP' }).close()
    await writeAll(dir)
    const merges = [nereid(['merge', dir, '--json']), nereid(['merge', dir, '--json'])]
    const outs = await Promise.all(merges.map((m) => m.ended))
    for (const o of outs) expect(o.code, o.out).toBe(0)
    const reports = outs.map((o) => JSON.parse(o.out) as { points: number })
    expect(reports[0]!.points + reports[1]!.points).toBe(WRITERS * POINTS * 2)
    const project = openProject(dir, { mode: 'db' })
    checkExactlyOnce(project)
    project.close()
  }, 600_000)
})
