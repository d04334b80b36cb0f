/**
 * The second half of `npm start`: serves the demo's workspace with the viewer (the server's
 * serveDirectory, on 127.0.0.1:4700 or any free port when that is taken), prints the URL, and keeps
 * one more run training slowly for a few minutes so the live view has something to show. Ctrl-C (or
 * SIGTERM) closes the run, the server and the project.
 */
import type { Project } from '../../src/index.js'
import { serveDirectory, type Served } from '../../src/server/serve.js'
import { twoMoons } from './data.js'
import { Mlp } from './mlp.js'

const LIVE_MS = 5 * 60_000
const TICK_MS = 200
const BATCH = 32

async function listen(dir: string): Promise<Served> {
  const port = Number(process.env.PORT ?? 4700)
  try {
    return await serveDirectory({ dir, port, host: '127.0.0.1' })
  } catch (error) {
    if ((error as { code?: string }).code !== 'PORT_IN_USE') throw error
    return serveDirectory({ dir, port: 0, host: '127.0.0.1' })
  }
}

/**
 * Serves `workspace` and logs a live run into `project` until LIVE_MS passed; resolves on Ctrl-C.
 * @example await serveDemo(defaultWorkspaceDir(), project)
 */
export async function serveDemo(workspace: string, project: Project): Promise<void> {
  const served = await listen(workspace)
  console.log(`\nViewer: ${served.url}#/p/${project.name}   (Ctrl-C to stop)`)
  const run = project.startRun({
    name: 'mlp live lr=0.05',
    description: 'keeps training so the viewer shows live points',
    tags: ['demo', 'mlp', 'live'],
  })
  run.assign('parameters', {
    lr: 0.05,
    momentum: 0.9,
    hidden: 16n,
    batch_size: BigInt(BATCH),
    optimizer: 'sgd',
    seed: 11n,
  })
  const { train, val } = twoMoons({ samples: 2000, noise: 0.2, seed: 11 })
  const model = new Mlp({ hidden: 16, seed: 11 })
  const started = Date.now()
  let step = 0
  let open = true
  const timer = setInterval(() => {
    const at = (step * BATCH) % train.length
    run.log({ 'train/loss': model.trainBatch(train.slice(at, at + BATCH), 0.05, 0.9) }, { step })
    if (at + BATCH >= train.length) {
      const v = model.evaluate(val)
      run.log({ 'val/loss': v.loss, 'val/accuracy': v.accuracy }, { step })
    }
    step++
    run.flush()
    if (Date.now() - started > LIVE_MS) stopRun(true)
  }, TICK_MS)
  const stopRun = (timeUp: boolean): void => {
    if (!open) return
    open = false
    clearInterval(timer)
    run.close()
    console.log(
      `The live run ${run.id} finished after ${step} steps${timeUp ? `; still serving ${served.url}` : ''}`,
    )
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve())
    process.once('SIGTERM', () => resolve())
  })
  stopRun(false)
  await served.close()
  project.close()
}
