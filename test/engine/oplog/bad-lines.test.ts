/**
 * Every kind of bad line is skipped and reported (in the merge report, and as an `oplog_skipped` event on
 * its run when the run is known) while the lines around it are merged: garbage, a zero-filled block (what
 * NFS leaves after a client crash), a line without seq, an unknown op, an operation of a newer version, a
 * batch whose arrays do not match, an assign whose value does not fit its type, a field-type conflict; a
 * file whose header is of a newer version, or no oplog at all, is skipped whole.
 */
import { mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openProject } from '../../../src/index.js'
import { tempProjectDir } from '../../helpers/tmp.js'

const RUN = '0b6f1d2e-1c3a-4d5e-8f70-123456789abc'
const header = (version = 1, writer = 'w-1') => JSON.stringify({ format: 'nereid-oplog', version, writer })
const op = (o: object) => JSON.stringify(o)

describe('bad oplog lines', () => {
  it('are skipped and reported; the rest is merged', async () => {
    const dir = tempProjectDir()
    mkdirSync(join(dir, 'inbox'), { recursive: true })
    const good = (seq: number, step: number) =>
      op({ seq, op: 'floats', run: RUN, path: 'x', steps: [step], values: [step], timestamps: [0] })
    const lines = [
      header(),
      op({ seq: 1, op: 'run', run: RUN, sys: { name: 'r' } }),
      good(2, 0),
      'this is not json',
      '\u0000'.repeat(64),
      op({ op: 'floats', run: RUN }),
      op({ seq: 3, op: 'teleport', run: RUN }),
      op({ seq: 4, v: 3, op: 'floats', run: RUN, path: 'x', steps: [9], values: [9], timestamps: [0] }),
      op({ seq: 5, op: 'floats', run: RUN, path: 'x', steps: [1, 2], values: [1], timestamps: [0] }),
      op({ seq: 6, op: 'assign', run: RUN, path: 'p', type: 'Integer', value: 1.5 }),
      op({ seq: 7, op: 'assign', run: RUN, path: 'x', type: 'String', value: 'conflict' }),
      op({
        seq: 8,
        op: 'histograms',
        run: RUN,
        path: 'h',
        steps: [0],
        values: [{ edges: [0, 1] }],
        timestamps: [0],
      }),
      op({
        seq: 9,
        op: 'histograms',
        run: RUN,
        path: 'h',
        steps: [0],
        values: [{ type: 'COUNTS', edges: [1, 0], values: [2] }],
        timestamps: [0],
      }),
      good(10, 1),
    ]
    writeFileSync(join(dir, 'inbox', 'a.oplog.jsonl'), lines.join('\n') + '\n')
    writeFileSync(join(dir, 'inbox', 'b.oplog.jsonl'), [header(3, 'w-2'), good(1, 5)].join('\n') + '\n')
    writeFileSync(join(dir, 'inbox', 'c.oplog.jsonl'), 'garbage header\n')
    const project = openProject(dir, { mode: 'db', onWarning: () => {} })
    const report = await project.merge()
    const reasons = report.skipped.map((s) => `${s.file} ${s.reason}`)
    expect(reasons).toEqual([
      'a.oplog.jsonl not JSON',
      'a.oplog.jsonl zero-filled block',
      'a.oplog.jsonl no positive integer seq',
      'a.oplog.jsonl unknown op "teleport"',
      'a.oplog.jsonl operation of format version 3',
      "a.oplog.jsonl floats with a missing or invalid 'steps'",
      expect.stringMatching(/^a\.oplog\.jsonl TypeError: assign of 'p'/),
      expect.stringMatching(/^a\.oplog\.jsonl FIELD_TYPE_CONFLICT/),
      "a.oplog.jsonl histograms with a missing or invalid 'values'",
      expect.stringMatching(/^a\.oplog\.jsonl INVALID_HISTOGRAM/),
      'b.oplog.jsonl format version 3 is newer than 2: upgrade Nereid to merge it',
      'c.oplog.jsonl header not JSON',
    ])
    expect(report.skipped[2]).toMatchObject({ run: 'PROJ-1' })
    const run = project.runs.get('PROJ-1')
    expect(Array.from((run.field('x').fetchValues() as { values: ArrayLike<number> }).values)).toEqual([0, 1])
    const events = run.events.list({ type: 'oplog_skipped' })
    expect(events.length).toBe(8) // the lines that name the run
    // files whose header cannot be merged leave the inbox (reported once); moved back, they are again
    expect(report.rejected).toEqual(['b.oplog.jsonl', 'c.oplog.jsonl'])
    expect(readdirSync(join(dir, 'inbox', 'rejected')).sort()).toEqual(['b.oplog.jsonl', 'c.oplog.jsonl'])
    // skipped once: a second merge neither applies nor reports anything again
    const again = await project.merge()
    expect(again.skipped).toEqual([])
    expect(again.lines).toBe(0)
    renameSync(join(dir, 'inbox', 'rejected', 'c.oplog.jsonl'), join(dir, 'inbox', 'c.oplog.jsonl'))
    expect((await project.merge()).rejected).toEqual(['c.oplog.jsonl'])
    project.close()
  })
})
