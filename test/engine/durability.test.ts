/**
 * What survives a process ending badly, with real child processes on the built package: SIGKILL right
 * after flush() loses nothing flushed and leaves a sound file; SIGTERM, SIGINT, the end of the script,
 * process.exit() and an uncaught exception all flush what was buffered.
 */
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { PROJECT_DB, type RunView, type SeriesPoints } from '../../src/index.js'
import { runFixture } from '../helpers/child.js'
import { reopen } from '../helpers/project.js'
import { tempProjectDir } from '../helpers/tmp.js'

function integrity(dir: string): string {
  const db = new BetterSqlite3(join(dir, PROJECT_DB))
  try {
    return (db.pragma('integrity_check') as { integrity_check: string }[])
      .map((r) => r.integrity_check)
      .join('\n')
  } finally {
    db.close()
  }
}

function onlyRun(dir: string): RunView {
  const project = reopen(dir)
  const runs = project.runs.list()
  expect(runs).toHaveLength(1)
  return project.runs.get(runs[0]!.id)
}

const value = (step: number): number => Math.sin(step) * 1000 + step

describe('SIGKILL right after flush()', () => {
  it('loses no flushed point and leaves a project that opens and passes integrity_check', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const dir = tempProjectDir()
      const child = runFixture('kill9-writer', [dir, String(2000 + attempt * 777)])
      const line = await child.line('flushed ')
      child.process.kill('SIGKILL')
      const { signal } = await child.ended
      expect(signal).toBe('SIGKILL')
      const flushed = Number(line.split(' ')[1])

      expect(integrity(dir)).toBe('ok')
      const run = onlyRun(dir)
      for (const path of ['train/loss', 'train/acc']) {
        const points = run.field(path).fetchValues() as SeriesPoints
        // every flushed point, then possibly some of the later ones (flushed before the kill), in order
        expect(points.values.length).toBeGreaterThanOrEqual(flushed)
        for (let i = 0; i < points.values.length; i++) {
          expect(points.steps[i]).toBe(i)
          expect(points.values[i]).toBe(path === 'train/loss' ? value(i) : -value(i))
        }
      }
      expect(run.fetch('parameters')).toEqual({ lr: 0.01, note: 'assigned before the flush' })
      expect(run.field('logs/notes').fetchValues().values).toEqual(['before the flush'])
      expect(run.field('sys/name').fetch()).toBe('killed')
      // killed without closing: the run was never marked idle
      expect(run.field('sys/state').fetch()).toBe('running')
      expect(child.stderr()).toBe('')
    }
  })

  it('lets the killed run be resumed and logged into again', async () => {
    const dir = tempProjectDir()
    const child = runFixture('kill9-writer', [dir, '1000'])
    await child.line('flushed ')
    child.process.kill('SIGKILL')
    await child.ended
    const project = reopen(dir)
    const run = project.startRun({ customRunId: 'kill9' })
    const last = (run.field('train/loss').fetchValues() as SeriesPoints).steps.at(-1)!
    run.log({ 'train/loss': 42 })
    expect(run.field('train/loss').fetchLast()).toBe(42)
    expect((run.field('train/loss').fetchValues({ from: last + 1 }) as SeriesPoints).steps[0]).toBe(last + 1)
    run.close()
    expect(integrity(dir)).toBe('ok')
  })
})

describe('exit hooks flush what was never flushed', () => {
  const points = 5000

  async function logThen(
    ending: string,
    signal?: NodeJS.Signals,
  ): Promise<{ run: RunView; code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
    const dir = tempProjectDir()
    const child = runFixture('signal-writer', [dir, String(points), ending])
    await child.line('logged ')
    if (signal) child.process.kill(signal)
    const result = await child.ended
    expect(integrity(dir)).toBe('ok')
    return { run: onlyRun(dir), ...result, stderr: child.stderr() }
  }

  function expectAllPoints(run: RunView): void {
    const loss = run.field('train/loss').fetchValues() as SeriesPoints
    expect(loss.values.length).toBe(points)
    expect(loss.steps[points - 1]).toBe(points - 1)
    expect(loss.values[points - 1]).toBe(1 / points)
  }

  it('SIGTERM: flushes, marks the run idle, then the signal ends the process as usual', async () => {
    const { run, code, signal } = await logThen('wait', 'SIGTERM')
    expect(signal).toBe('SIGTERM')
    expect(code).toBeNull()
    expectAllPoints(run)
    expect(run.field('parameters/ending').fetch()).toBe('wait')
    expect(run.field('sys/state').fetch()).toBe('idle')
  })

  it('SIGINT: flushes, marks the run idle, then the signal ends the process as usual', async () => {
    const { run, signal } = await logThen('wait', 'SIGINT')
    expect(signal).toBe('SIGINT')
    expectAllPoints(run)
    expect(run.field('sys/state').fetch()).toBe('idle')
  })

  it('the end of the script (beforeExit): flushes and marks the run idle, exit code 0', async () => {
    const { run, code, stderr } = await logThen('end')
    expect(code).toBe(0)
    expect(stderr).toBe('')
    expectAllPoints(run)
    expect(run.field('sys/state').fetch()).toBe('idle')
  })

  it('process.exit(0): flushes in the exit handler and marks the run idle', async () => {
    const { run, code } = await logThen('exit')
    expect(code).toBe(0)
    expectAllPoints(run)
    expect(run.field('sys/state').fetch()).toBe('idle')
  })

  it('an uncaught exception: flushes, marks the run failed, and the process still fails', async () => {
    const { run, code, stderr } = await logThen('throw')
    expect(code).not.toBe(0)
    expect(stderr).toContain('training blew up')
    expectAllPoints(run)
    expect(run.field('sys/failed').fetch()).toBe(true)
  })

  it('a SIGTERM the script handles itself: the run stays open, logging goes on, the script closes and exits 0', async () => {
    const dir = tempProjectDir()
    const child = runFixture('trap-writer', [dir, '1000'])
    await child.line('logged ')
    child.process.kill('SIGTERM')
    const { code, signal } = await child.ended
    expect(child.stderr()).toBe('')
    expect({ code, signal }).toEqual({ code: 0, signal: null })
    expect(child.stdout).toContain('finished')
    const run = onlyRun(dir)
    const loss = run.field('train/loss').fetchValues() as SeriesPoints
    expect(loss.values.length).toBe(2000)
    expect(loss.values[1999]).toBe(1999)
    expect(run.field('stopped_by').fetch()).toBe('SIGTERM')
    expect(run.field('sys/state').fetch()).toBe('idle')
  })
})
