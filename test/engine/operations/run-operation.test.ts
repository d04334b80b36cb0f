/** Recorded operations: gc and verify leave rows with status and progress; an AbortSignal ends one cancelled. */
import { describe, expect, it } from 'vitest'
import { InvalidOptionError, OperationCancelledError, openProject } from '../../../src/index.js'
import { reopen, tempProject } from '../../helpers/project.js'

async function projectWithFiles(n: number) {
  const project = tempProject({ onWarning: () => {} })
  const run = project.startRun({ name: 'files' })
  for (let i = 0; i < n; i++) await run.field(`files/f${i}`).upload(Buffer.from(`content ${i}`))
  run.close()
  return project
}

describe('project.operations', () => {
  it('is empty on a new project, also read-only', () => {
    const project = tempProject()
    expect(project.operations.list()).toEqual([])
    project.close()
    const readonly = openProject(project.dir, { readonly: true })
    expect(readonly.operations.list()).toEqual([])
    readonly.close()
  })

  it('records verify and gc as finished operations with their progress and report, readable read-only', async () => {
    const project = await projectWithFiles(3)
    const seen: number[] = []
    const report = await project.verify({ onProgress: (p) => seen.push(p.done) })
    expect(report.ok).toBe(true)
    expect(seen).toEqual([1, 2, 3])
    await project.gc({ graceMs: 0, dryRun: true })
    project.close()
    const readonly = openProject(project.dir, { readonly: true })
    const ops = readonly.operations.list()
    readonly.close()
    expect(ops.map((o) => [o.kind, o.status, o.done])).toEqual([
      ['verify', 'finished', 3],
      ['gc', 'finished', 2],
    ])
    expect(ops[0]!.report).toMatchObject({ ok: true, objects: 3 })
    expect(ops[1]!.total).toBe(3)
    for (const op of ops) {
      expect(op.startedAt).toBeGreaterThanOrEqual(op.createdAt)
      expect(op.endedAt).toBeGreaterThanOrEqual(op.startedAt!)
      expect(op.error).toBeNull()
    }
  })

  it('ends cancelled with OPERATION_CANCELLED when the signal fires mid-way, and verify changed nothing', async () => {
    const project = await projectWithFiles(4)
    const controller = new AbortController()
    const error = await project
      .verify({ signal: controller.signal, onProgress: (p) => p.done === 2 && controller.abort() })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OperationCancelledError)
    expect((error as OperationCancelledError).code).toBe('OPERATION_CANCELLED')
    const [op] = project.operations.list()
    expect(op).toMatchObject({
      kind: 'verify',
      status: 'cancelled',
      done: 2,
      error: { code: 'OPERATION_CANCELLED', name: 'OperationCancelledError' },
    })
    expect(op!.report).toBeNull()
    expect((await project.verify()).ok).toBe(true)
  })

  it('a gc cancelled before it starts removes nothing', async () => {
    const project = await projectWithFiles(2)
    const run = project.runs.resume(project.runs.list()[0]!.id)
    run.field('files/f0').delete()
    run.close()
    const controller = new AbortController()
    controller.abort()
    await expect(project.gc({ graceMs: 0, signal: controller.signal })).rejects.toBeInstanceOf(
      OperationCancelledError,
    )
    expect((await project.verify()).objects).toBe(2)
    expect(project.operations.list().map((o) => o.status)).toEqual(['cancelled', 'finished'])
  })

  it('records an errored operation with the error code (gc with a bad option is refused before it is recorded)', async () => {
    const project = await projectWithFiles(1)
    await expect(project.gc({ signal: 'stop' as unknown as AbortSignal })).rejects.toBeInstanceOf(
      InvalidOptionError,
    )
    await expect(project.gc({ graceMs: -1 })).rejects.toMatchObject({ code: 'INVALID_OPTION' })
    const ops = reopen(project.dir).operations.list()
    expect(ops.map((o) => [o.kind, o.status, o.error?.code])).toEqual([['gc', 'errored', 'INVALID_OPTION']])
  })
})
