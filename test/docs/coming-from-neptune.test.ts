/**
 * docs/api.md "Coming from Neptune": every row's Nereid line is run here, in order, against a real
 * project, with a check of what it did; and every row printed in the doc's table is one of these (the
 * test reads docs/api.md), so the table cannot drift from what works.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  openProject,
  type HistogramPoints,
  type Project,
  type Run,
  type SeriesPoints,
} from '../../src/index.js'
import { tempDir, tempProjectDir } from '../helpers/tmp.js'

process.env.NEREID_CAPTURE ??= '0'
const dir = tempProjectDir('demo')
const work = tempDir()
writeFileSync(join(work, 'model.bin'), 'weights')
writeFileSync(join(work, 'pred.png'), 'png')
mkdirSync(join(work, 'data'))
writeFileSync(join(work, 'data', 'train.csv'), 'x,y\n')

interface Ctx {
  project: Project
  run: Run
  parent: Run
}
const ctx = {} as Ctx
afterAll(() => ctx.project.close())

/** [Neptune line, Nereid line, what running the Nereid line must do]. */
const ROWS: [string, string, () => unknown][] = [
  [
    "run = neptune.init_run(project='ws/demo')",
    "const run = openProject('.nereid/demo').startRun()",
    () => {
      ctx.project = openProject(dir, { onWarning: () => {} })
      ctx.run = ctx.project.startRun()
      expect(ctx.run.id).toBe('DEMO-1')
    },
  ],
  [
    "neptune.init_run(name='a', description='b', tags=['x'])",
    "project.startRun({ name: 'a', description: 'b', tags: ['x'] })",
    () => {
      const r = ctx.project.startRun({ name: 'a', description: 'b', tags: ['x'] })
      expect(r.fetch('sys/name')).toBe('a')
      r.close()
    },
  ],
  [
    "neptune.init_run(custom_run_id='job-7')",
    "project.startRun({ customRunId: 'job-7' })",
    () => {
      const r = ctx.project.startRun({ customRunId: 'job-7' })
      ctx.parent = r
      expect(r.customRunId).toBe('job-7')
    },
  ],
  [
    'NEPTUNE_CUSTOM_RUN_ID=job-7 python train.py',
    'NEREID_CUSTOM_RUN_ID=job-7 node train.js',
    () => {
      process.env.NEREID_CUSTOM_RUN_ID = 'job-7'
      expect(ctx.project.startRun().id).toBe(ctx.parent.id)
      delete process.env.NEREID_CUSTOM_RUN_ID
    },
  ],
  [
    "neptune.init_run(with_id='DEMO-2')",
    "project.runs.resume('DEMO-2')",
    () => {
      const resumed = ctx.project.runs.resume('DEMO-2')
      expect(resumed.id).toBe('DEMO-2')
      resumed.close()
    },
  ],
  [
    "run['parameters'] = {'lr': 0.01, 'opt': 'adam'}",
    "run.assign('parameters', { lr: 0.01, opt: 'adam' })",
    () => {
      ctx.run.assign('parameters', { lr: 0.01, opt: 'adam' })
      expect(ctx.run.fetch('parameters')).toEqual({ lr: 0.01, opt: 'adam' })
    },
  ],
  [
    "run['parameters/epochs'] = 10  # Integer",
    "run.field('parameters/epochs').assign(10n)  // 10 would be a Float",
    () => {
      ctx.run.field('parameters/epochs').assign(10n)
      expect(ctx.run.field('parameters/epochs').type()).toBe('Integer')
    },
  ],
  [
    "run.log_configs({'batch': 32})  # scale",
    'run.assign({ batch: 32 })',
    () => {
      ctx.run.assign({ batch: 32 })
      expect(ctx.run.field('batch').fetch()).toBe(32)
    },
  ],
  [
    "run['train/loss'].append(0.5, step=1)",
    "run.field('train/loss').append(0.5, { step: 1 })",
    () => {
      ctx.run.field('train/loss').append(0.5, { step: 1 })
    },
  ],
  [
    "run['train/loss'].extend([0.4, 0.3], steps=[2, 3])",
    "run.field('train/loss').extend([0.4, 0.3], { steps: [2, 3] })",
    () => {
      ctx.run.field('train/loss').extend([0.4, 0.3], { steps: [2, 3] })
    },
  ],
  [
    "run.log_metrics({'train/loss': 0.2}, step=4)  # scale",
    "run.log({ 'train/loss': 0.2 }, { step: 4 })",
    () => {
      ctx.run.log({ 'train/loss': 0.2 }, { step: 4 })
      expect([...(ctx.run.field('train/loss').fetchValues() as SeriesPoints).steps]).toEqual([1, 2, 3, 4])
    },
  ],
  [
    "run['train/loss'].append(0.1, timestamp=time.time())  # seconds",
    "run.field('train/loss').append(0.1, { timestamp: Date.now() })  // milliseconds",
    () => {
      ctx.run.field('train/loss').append(0.1, { timestamp: Date.now() })
    },
  ],
  [
    "run['logs'].append('epoch 1 done')",
    "run.field('logs').append('epoch 1 done')",
    () => {
      ctx.run.field('logs').append('epoch 1 done')
      expect(ctx.run.field('logs').type()).toBe('StringSeries')
    },
  ],
  [
    "run.log_histograms({'w': Histogram(bin_edges=[0, 1, 2], counts=[3, 4])}, step=1)",
    'run.log({ w: { edges: [0, 1, 2], values: [3, 4] } }, { step: 1 })',
    () => {
      ctx.run.log({ w: { edges: [0, 1, 2], values: [3, 4] } }, { step: 1 })
      expect((ctx.run.field('w').fetchValues() as HistogramPoints).values[0]!.values).toEqual([3, 4])
    },
  ],
  [
    "run['sys/tags'].add('mlp')  /  run.add_tags(['mlp'])",
    "run.tags.add('mlp')",
    () => {
      ctx.run.tags.add('mlp')
    },
  ],
  [
    "run['sys/tags'].remove('mlp')",
    "run.tags.remove('mlp')",
    () => {
      ctx.run.tags.remove('mlp')
      expect(ctx.run.tags.fetch()).toEqual([])
    },
  ],
  [
    "run.add_tags(['sweep'], group_tags=True)  # scale",
    "run.groupTags.add('sweep')",
    () => {
      ctx.run.groupTags.add('sweep')
      expect(ctx.run.groupTags.fetch()).toEqual(['sweep'])
    },
  ],
  [
    "run['model'].upload('model.bin')",
    "await run.field('model').upload('model.bin')",
    async () => {
      await ctx.run.field('model').upload(join(work, 'model.bin'))
      expect(ctx.run.field('model').fetch()).toMatchObject({ name: 'model.bin', size: 7 })
    },
  ],
  [
    "run['preds'].append(File('pred.png'))",
    "await run.field('preds').appendFile('pred.png')",
    async () => {
      await ctx.run.field('preds').appendFile(join(work, 'pred.png'))
      expect(ctx.run.field('preds').list()).toHaveLength(1)
    },
  ],
  [
    "run['data'].track_files('data/')",
    "await run.field('data').trackFiles('data/')",
    async () => {
      await ctx.run.field('data').trackFiles(join(work, 'data'))
      expect(
        ctx.run
          .field('data')
          .fetchFilesList()
          .map((f) => f.path),
      ).toEqual(['train.csv'])
    },
  ],
  [
    "run['model'].download('out/')",
    "await run.field('model').download('out/')",
    async () => {
      expect(await ctx.run.field('model').download(join(work, 'out') + '/')).toHaveLength(1)
    },
  ],
  [
    "run['parameters/lr'].fetch()",
    "run.field('parameters/lr').fetch()",
    () => {
      expect(ctx.run.field('parameters/lr').fetch()).toBe(0.01)
    },
  ],
  [
    "run['train/loss'].fetch_last()",
    "run.field('train/loss').fetchLast()",
    () => {
      expect(ctx.run.field('train/loss').fetchLast()).toBe(0.1)
    },
  ],
  [
    "run['train/loss'].fetch_values()",
    "run.field('train/loss').fetchValues()",
    () => {
      expect((ctx.run.field('train/loss').fetchValues() as SeriesPoints).values).toHaveLength(5)
    },
  ],
  [
    "run.exists('parameters/lr')",
    "run.exists('parameters/lr')",
    () => {
      expect(ctx.run.exists('parameters/lr')).toBe(true)
    },
  ],
  [
    'run.get_structure()',
    'run.structure()',
    () => {
      expect(ctx.run.structure()).toMatchObject({ parameters: { lr: 'Float' } })
    },
  ],
  [
    "del run['batch']",
    "run.delete('batch')",
    () => {
      ctx.run.delete('batch')
      expect(ctx.run.exists('batch')).toBe(false)
    },
  ],
  ['run.wait()', 'run.flush()', () => ctx.run.flush()],
  [
    "neptune.init_run(fork_run_id='job-7', fork_step=4)  # scale",
    "project.startRun({ forkFrom: { run: 'job-7', step: 4 } })",
    () => {
      ctx.parent.log({ 'train/acc': 0.5 }, { step: 4 })
      ctx.parent.close()
      const fork = ctx.project.startRun({ forkFrom: { run: 'job-7', step: 4 } })
      expect(fork.lineage()).toMatchObject({ parent: ctx.parent.id, step: 4 })
      fork.close()
    },
  ],
  [
    'run.stop()',
    'run.close()',
    () => {
      ctx.run.close()
    },
  ],
  [
    "project.fetch_runs_table(tag='x', state='inactive').to_pandas()",
    "project.fetchRunsTable({ tag: 'x', state: 'inactive' }).toObjects()",
    () => {
      expect(ctx.project.fetchRunsTable({ tag: 'x', state: 'inactive' }).toObjects()).toHaveLength(1)
    },
  ],
  [
    "project.fetch_runs_table(query='`train/loss`:floatSeries < 0.5')",
    "project.fetchRunsTable({ query: '`train/loss`:floatSeries < 0.5' })",
    () => {
      expect(ctx.project.fetchRunsTable({ query: '`train/loss`:floatSeries < 0.5' }).rows).toHaveLength(1)
    },
  ],
  [
    "neptune.init_project()['general/brief'] = 'cells'",
    "project.field('general/brief').assign('cells')",
    () => {
      ctx.project.field('general/brief').assign('cells')
      expect(ctx.project.fetch('general/brief')).toBe('cells')
    },
  ],
]

describe('Coming from Neptune', () => {
  it('runs every Nereid line of the table', async () => {
    for (const [, , run] of ROWS) await run()
  })

  it('docs/api.md shows exactly these rows', () => {
    const doc = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8')
    const section = doc.slice(doc.indexOf('## Coming from Neptune'))
    // a line holding a backtick goes in a double-backtick code span
    const cells = (text: string) => {
      const body = text.replace(/\|/g, '\\|')
      return text.includes('`') ? `\`\` ${body} \`\`` : `\`${body}\``
    }
    const rows = section.split('\n').filter((line) => line.startsWith('| `'))
    expect(rows).toEqual(ROWS.map(([neptune, nereid]) => `| ${cells(neptune)} | ${cells(nereid)} |`))
  })
})
