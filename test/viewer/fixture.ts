/**
 * The project the browser tests look at: the demo's three MLP runs (made by running the built demo
 * with --train-only), plus, through the public API, a run with one spike among 1M points, a file
 * series of PNG images and a histogram series (weights/l1, steps 0..4).
 */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openProject } from '../../src/index.js'
import { tempDir } from '../helpers/tmp.js'
import { png } from './png.js'

const DEMO = fileURLToPath(new URL('../../dist/examples/two-moons/main.js', import.meta.url))

/** Where the spike is: one point of value 100 among 1M points near 0. */
export const SPIKE = { path: 'big/signal', step: 654_321, points: 1_000_000, value: 100 }

/**
 * Makes the project and returns its directory.
 * @example const dir = await viewerProject()
 */
export async function viewerProject(): Promise<string> {
  const home = tempDir('viewer-home-')
  const demo = spawnSync(process.execPath, [DEMO, '--train-only'], {
    env: { ...process.env, NEREID_HOME: home, NEREID_CAPTURE: '0' },
    encoding: 'utf8',
  })
  if (demo.status !== 0) throw new Error(`demo failed: ${demo.stderr}`)
  const dir = join(home, 'demo')
  const project = openProject(dir, { onWarning: () => {} })
  const run = project.startRun({ name: 'spike', tags: ['big'], description: 'one spike among 1M points' })
  run.assign('parameters', { lr: 0.2, momentum: 0.9, optimizer: 'adam' })
  const CHUNK = 100_000
  for (let start = 0; start < SPIKE.points; start += CHUNK) {
    const steps = Array.from({ length: CHUNK }, (_, i) => start + i)
    const values = steps.map((s) => (s === SPIKE.step ? SPIKE.value : Math.sin(s / 5000) * 0.5))
    run.field(SPIKE.path).extend(values, { steps })
    run.flush()
  }
  for (let step = 0; step < 6; step++) {
    const image = png(48, 48, (x, y) => [(x * 5 + step * 40) % 256, (y * 5) % 256, step % 2 ? 220 : 60])
    await run.field('images/samples').append(image, { step, name: `sample-${step}.png` })
  }
  for (let step = 0; step < 5; step++)
    run.field('weights/l1').append({ edges: [0, 1, 2, 3], values: [step + 1, 5, 5 - step] }, { step })
  run.field('logs/notes').append('started the spike run')
  run.field('logs/notes').append('the spike is at step 654321')
  run.close()
  project.close()
  return dir
}
