/**
 * The project the export tests read: runs holding every field type, with the values written down here so
 * the tests compare the export with what was logged, not with another reading of the project.
 *
 *   FX-1 'full' (tags a, b; custom id job-7): every atom type, a string set, float series with NaN, ±Inf,
 *        -0, subnormals and fractional steps, a 3000-point series, a string series, File, FileSet,
 *        FileSeries, Artifact
 *   FX-2 forked from FX-1 at step 3: its own points of metrics/special at steps 5 and 6
 *   FX-3 'other' (tag c): one float
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { openProject } from '../../src/index.js'
import { tempDir, tempProjectDir } from '../helpers/tmp.js'

process.env.NEREID_CAPTURE ??= '0'

export const ATOMS = {
  'params/lr': 0.01,
  'params/neg_zero': -0,
  'params/nan': Number.NaN,
  'params/inf': Number.POSITIVE_INFINITY,
  'params/big': 2n ** 60n,
  'params/neg': -5n,
  'params/amp': true,
  'params/off': false,
  'params/name': 'adam, "quoted"\nline',
  'params/empty': '',
  'params/unicode': 'ü∂漢',
  'params/when': new Date(1_700_000_000_123),
} as const

export const SET = ['x', 'y, z']

export const SPECIAL = {
  steps: [0, 1, 2, 2.5, 3.25, 4, 1e6, 123_456_789.125],
  values: [
    0.1,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -0,
    5e-324,
    1.7976931348623157e308,
    0.30000000000000004,
  ],
  timestamps: [1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000],
}

export const LONG = 3000
export const longValue = (i: number) => Math.sin(i) * 1e-3 + i

export const TEXT = {
  steps: [0, 1, 2, 3],
  values: ['a', '', 'line,comma', 'x"y\nz'],
  timestamps: [10, 20, 30, 40],
}

export const FILE = { path: 'model/weights', content: 'weights bytes', name: 'w.pt' }
export const SET_FILES: Record<string, string> = { 'a.txt': 'A', 'sub/b.txt': 'BB' }
export const PRED = [
  { step: 1, name: 'p1.png', content: 'png one', timestamp: 111 },
  { step: 2, name: 'p2.png', content: 'png two', timestamp: 222 },
]
export const CHILD = { steps: [5, 6], values: [7.5, -1], timestamps: [9000, 9100] }

/** Builds the fixture project; returns its directory and the directory the FileSet/Artifact came from. */
export async function fixtureProject(): Promise<{ dir: string; sourceDir: string }> {
  const dir = tempProjectDir('fx')
  const sourceDir = tempDir('fx-src-')
  for (const [path, content] of Object.entries(SET_FILES)) {
    mkdirSync(join(sourceDir, path, '..'), { recursive: true })
    writeFileSync(join(sourceDir, path), content)
  }
  const project = openProject(dir, { key: 'FX', onWarning: () => {} })
  const run = project.startRun({ name: 'full', tags: ['a', 'b'], customRunId: 'job-7' })
  for (const [path, value] of Object.entries(ATOMS)) run.field(path).assign(value)
  run.field('params/set').assign(SET)
  run
    .field('metrics/special')
    .extend(SPECIAL.values, { steps: SPECIAL.steps, timestamps: SPECIAL.timestamps })
  const steps = Array.from({ length: LONG }, (_, i) => i)
  run
    .field('metrics/long')
    .extend(steps.map(longValue), { steps, timestamps: steps.map((i) => 1_700_000_000_000 + i) })
  run.field('logs/text').extend(TEXT.values, { steps: TEXT.steps, timestamps: TEXT.timestamps })
  await run.field(FILE.path).upload(Buffer.from(FILE.content), { name: FILE.name })
  await run.field('source/tree').uploadFiles(['**/*'], { cwd: sourceDir })
  for (const p of PRED)
    await run
      .field('images/pred')
      .append(Buffer.from(p.content), { step: p.step, name: p.name, timestamp: p.timestamp })
  await run.field('data/train').trackFiles(sourceDir)
  run.close()
  const child = project.startRun({ name: 'child', forkFrom: { run: run.id, step: 3 } })
  child.field('metrics/special').extend(CHILD.values, { steps: CHILD.steps, timestamps: CHILD.timestamps })
  child.close()
  const other = project.startRun({ name: 'other', tags: ['c'] })
  other.field('params/lr').assign(0.5)
  other.close()
  project.close()
  return { dir, sourceDir }
}
