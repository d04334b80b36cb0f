/**
 * A workspace for the server tests: project 'demo' with runs holding every kind of field, a model, an
 * experiment and files; and an app over it, in memory.
 */
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { openProject } from '../../src/index.js'
import { createApp, type AppOptions, type ServerApp } from '../../src/server/app.js'
import { openLocalStore } from '../../src/store/local-store.js'
import type { ReadStore } from '../../src/store/read-store.js'
import { tempDir } from '../helpers/tmp.js'

/** What demoWorkspace built. */
export interface Demo {
  home: string
  dir: string
  fileHash: string
  setHash: string
  seriesHash: string
}

/**
 * Workspace with project 'demo' (key DEMO) and project 'other':
 *   DEMO-1 'first': parameters (lr 0.01, big 2^60), metrics/acc 0..2 (0.5 0.7 0.9), metrics/loss 5000
 *     points with a NaN and an Infinity, logs/text 3 lines, model/weights File, data/set FileSet,
 *     images/pred FileSeries (2 entries), weights/l1 HistogramSeries (steps 0 and 5), events, experiment 'exp'
 *   DEMO-2 'second': metrics/acc 0.2 NaN
 *   a model 'h1' with one version
 */
export async function demoWorkspace(): Promise<Demo> {
  const home = tempDir('server-home-')
  const dir = join(home, 'demo')
  const project = openProject(dir, { key: 'DEMO', onWarning: () => {} })
  const first = project.startRun({ name: 'first', tags: ['a'], experiment: 'exp' })
  first.assign('parameters', { lr: 0.01, big: 2n ** 60n, optimizer: 'adam' })
  first.field('metrics/acc').extend([0.5, 0.7, 0.9], { steps: [0, 1, 2], timestamps: [1000, 2000, 3000] })
  const loss = Array.from({ length: 5000 }, (_, i) =>
    i === 100 ? Number.NaN : i === 200 ? Infinity : 1 / (i + 1),
  )
  first
    .field('metrics/loss')
    .extend(loss, { steps: loss.map((_, i) => i), timestamps: loss.map((_, i) => 10_000 + i) })
  first.field('logs/text').extend(['hello', 'World', 'bye'])
  const file = await first.field('model/weights').upload(Buffer.from('weights!'), { name: 'w.txt' })
  const setDir = tempDir('server-set-')
  const { writeFileSync } = await import('node:fs')
  writeFileSync(join(setDir, 'a.json'), '{"a":1}')
  const members = await first.field('data/set').uploadFiles('*.json', { cwd: setDir })
  await first
    .field('images/pred')
    .append(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), { step: 0, name: 'p0.svg' })
  await first.field('images/pred').append(Buffer.from('second'), { step: 1, name: 'p1.txt' })
  first.field('weights/l1').append({ type: 'COUNTS', edges: [0, 1, 2], values: [3, Number.NaN] }, { step: 0 })
  first.field('weights/l1').append({ edges: [-1, 0, 1], values: [1, 2] }, { step: 5 })
  first.events.append('lr_drop', { to: 0.001 })
  first.close()
  const second = project.startRun({ name: 'second' })
  second.field('metrics/acc').extend([0.2, Number.NaN])
  second.close()
  const model = project.models.create('h1', { name: 'mlp' })
  model.createVersion()
  model.close()
  const entries = project.runs.get('DEMO-1').field('images/pred').list()
  project.close()
  openProject(join(home, 'other'), { onWarning: () => {} }).close()
  return { home, dir, fileHash: file.hash, setHash: members[0]!.hash, seriesHash: entries[0]!.hash }
}

const stores: ReadStore[] = []
const apps: ServerApp[] = []

/** An app over the workspace `home` (closed after the file). */
export function appOver(home: string, options: AppOptions = {}): { app: ServerApp; store: ReadStore } {
  const store = openLocalStore(home, { watch: { pollMs: 50, debounceMs: 20 } })
  const app = createApp(store, { viewerDir: join(home, 'no-viewer'), log: () => {}, ...options })
  stores.push(store)
  apps.push(app)
  return { app, store }
}

afterAll(async () => {
  for (const app of apps) app.closeStreams()
  for (const store of stores) await store.close()
})
