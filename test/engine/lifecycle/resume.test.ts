/**
 * Resuming a run (issue 3) from other, real processes: by the same customRunId (DDP ranks, retries) and
 * by project.runs.resume(id). One run holds every process's points; its events say started, then resumed.
 * Resuming an id that does not exist fails at that call.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { NotFoundError, type SeriesPoints } from '../../../src/index.js'
import { reopen, tempProject, thrown } from '../../helpers/project.js'
import { tempDir, tempProjectDir } from '../../helpers/tmp.js'
import { NO_CAPTURE, runLifecycle, runToEnd } from './helpers.js'

const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i)

function session(dir: string, config: Record<string, unknown>) {
  return runToEnd('session', [
    dir,
    JSON.stringify({ end: 'close', ...config, start: { ...NO_CAPTURE, ...(config.start as object) } }),
  ])
}

describe('resume by customRunId from a second process', () => {
  it('logs both processes into one run, and records started then resumed', async () => {
    const dir = tempProjectDir('demo')
    const first = await session(dir, {
      start: { name: 'ddp', customRunId: 'job-7' },
      floats: [{ path: 'train/loss', from: 0, to: 9 }],
    })
    const second = await session(dir, {
      start: { customRunId: 'job-7' },
      floats: [{ path: 'train/loss', from: 10, to: 19 }],
    })
    expect(first.stdout()).toMatch(/^run DEMO-1 /)
    expect(second.stdout()).toMatch(/^run DEMO-1 /)

    const project = reopen(dir)
    expect(project.runs.list().map((r) => [r.id, r.customRunId, r.state])).toEqual([
      ['DEMO-1', 'job-7', 'idle'],
    ])
    const run = project.runs.get('DEMO-1')
    const points = run.field('train/loss').fetchValues() as SeriesPoints
    expect([...points.steps]).toEqual(range(0, 19))
    expect([...points.values]).toEqual(range(0, 19))
    // the second session kept what the first one set
    expect(run.field('sys/name').fetch()).toBe('ddp')
    expect(run.field('sys/custom_run_id').fetch()).toBe('job-7')
    expect(run.events.list().map((e) => e.type)).toEqual(['started', 'closed', 'resumed', 'closed'])
    expect(run.events.list({ type: 'resumed' })[0]!.payload).toEqual({ customRunId: 'job-7' })
  })

  it('lets two processes hold the run open at once, each logging its own series (DDP ranks)', async () => {
    const dir = tempProjectDir('demo')
    const go = join(tempDir(), 'go')
    // the first rank creates the run; the second starts while the first still holds it open
    const ranks = [0, 1].map((rank) =>
      runLifecycle('session', [
        dir,
        JSON.stringify({
          start: { ...NO_CAPTURE, customRunId: 'ddp' },
          holdUntil: go,
          floats: [{ path: `rank${rank}/loss`, from: 0, to: 99, scale: rank + 1 }],
          end: 'close',
        }),
      ]),
    )
    const lines = await Promise.all(ranks.map((r) => r.line('run ')))
    writeFileSync(go, '')
    const ends = await Promise.all(ranks.map((r) => r.ended))
    expect(ends.map((e) => e.code)).toEqual([0, 0])
    expect(ranks.map((r) => r.stderr())).toEqual(['', ''])
    expect(lines.map((l) => l.split(' ')[1])).toEqual(['DEMO-1', 'DEMO-1'])
    // each process has its own monitoring namespace
    expect(new Set(lines.map((l) => l.split(' ')[2])).size).toBe(2)

    const project = reopen(dir)
    expect(project.runs.list()).toHaveLength(1)
    const run = project.runs.get('DEMO-1')
    for (const rank of [0, 1]) {
      const points = run.field(`rank${rank}/loss`).fetchValues() as SeriesPoints
      expect([...points.steps]).toEqual(range(0, 99))
      expect([...points.values]).toEqual(range(0, 99).map((s) => s * (rank + 1)))
    }
    const types = run.events.list().map((e) => e.type)
    expect(types.filter((t) => t === 'started')).toHaveLength(1)
    expect(types.filter((t) => t === 'resumed')).toHaveLength(1)
    expect(types.filter((t) => t === 'closed')).toHaveLength(2)
    expect(types[0]).toBe('started')
    expect(run.field('sys/state').fetch()).toBe('idle')
  })
})

describe('project.runs.resume(id) from a second process', () => {
  it('continues the same run and series, and keeps creation time and identity', async () => {
    const dir = tempProjectDir('demo')
    await session(dir, {
      start: { name: 'by-id' },
      floats: [{ path: 'train/loss', from: 0, to: 4 }],
      strings: [{ path: 'logs/text', from: 0, to: 1 }],
    })
    let project = reopen(dir)
    const before = project.runs.get('DEMO-1')
    const created = before.field('sys/creation_time').fetch() as Date
    const uuid = before.uuid
    const runningTime = before.field('sys/running_time').fetch() as number
    project.close()

    const second = await runToEnd('session', [
      dir,
      JSON.stringify({
        resume: 'DEMO-1',
        resumeOptions: NO_CAPTURE,
        floats: [{ path: 'train/loss', from: 5, to: 9 }],
        strings: [{ path: 'logs/text', from: 2, to: 2 }],
        end: 'close',
      }),
    ])
    expect(second.stdout()).toMatch(/^run DEMO-1 /)

    project = reopen(dir)
    expect(project.runs.list()).toHaveLength(1)
    const run = project.runs.get('DEMO-1')
    expect([...(run.field('train/loss').fetchValues() as SeriesPoints).steps]).toEqual(range(0, 9))
    expect(run.field('logs/text').fetchValues().values).toEqual(['line 0', 'line 1', 'line 2'])
    expect(run.uuid).toBe(uuid)
    expect((run.field('sys/creation_time').fetch() as Date).getTime()).toBe(created.getTime())
    expect(run.field('sys/name').fetch()).toBe('by-id')
    expect(run.field('sys/state').fetch()).toBe('idle')
    // running time adds up over sessions
    expect(run.field('sys/running_time').fetch() as number).toBeGreaterThanOrEqual(runningTime)
    expect(run.events.list().map((e) => e.type)).toEqual(['started', 'closed', 'resumed', 'closed'])
  })

  it('marks a resumed run running again while the session is open', async () => {
    const dir = tempProjectDir()
    await session(dir, { floats: [{ path: 'a', from: 0, to: 0 }] })
    const project = reopen(dir)
    const id = project.runs.list()[0]!.id
    expect(project.runs.get(id).field('sys/state').fetch()).toBe('idle')
    const run = project.runs.resume(id, NO_CAPTURE)
    expect(project.runs.get(id).field('sys/state').fetch()).toBe('running')
    run.log({ a: 1 })
    run.close()
    expect(project.runs.get(id).field('sys/state').fetch()).toBe('idle')
    expect([...(project.runs.get(id).field('a').fetchValues() as SeriesPoints).steps]).toEqual([0, 1])
  })
})

describe('resuming what does not exist', () => {
  it('fails at the call with NotFoundError RUN_NOT_FOUND and a hint, and creates nothing', () => {
    const project = tempProject({}, 'demo')
    const error = thrown(() => project.runs.resume('DEMO-42', NO_CAPTURE))
    expect(error).toBeInstanceOf(NotFoundError)
    expect(error.code).toBe('RUN_NOT_FOUND')
    expect(error.message).toContain('DEMO-42')
    expect(error.hint).toMatch(/runs\.list\(\)|nereid ls/)
    expect(project.runs.list()).toEqual([])
  })

  it('suggests the id meant when it is close to one that exists', () => {
    const project = tempProject({}, 'demo')
    const run = project.startRun(NO_CAPTURE)
    run.close()
    const error = thrown(() => project.runs.resume('DEMO-11', NO_CAPTURE))
    expect(error.code).toBe('RUN_NOT_FOUND')
    expect(error.hint).toContain("'DEMO-1'")
    expect(thrown(() => project.runs.get('demo-1')).code).toBe('RUN_NOT_FOUND')
  })

  it('does not resume a model or a model version as if it were a run', () => {
    const project = tempProject({}, 'demo')
    const model = project.models.create('abc')
    const version = model.createVersion()
    expect(thrown(() => project.runs.resume(model.sysId, NO_CAPTURE)).code).toBe('RUN_NOT_FOUND')
    expect(thrown(() => project.runs.get(version.id)).code).toBe('RUN_NOT_FOUND')
    expect(
      thrown(() => project.startRun({ ...NO_CAPTURE, forkFrom: { run: model.sysId, step: 0 } })).code,
    ).toBe('FORK_PARENT_NOT_FOUND')
  })
})
