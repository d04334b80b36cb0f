#!/usr/bin/env node
/**
 * `npm start`: trains a small MLP on two half-moons, logging into the project `.nereid/demo` ($NEREID_HOME
 * overrides the workspace) exactly as a training script would: parameters, per-step loss, per-epoch
 * validation metrics and tags, for three learning rates. Then it reads the project back and prints a summary.
 * Then it serves the viewer on it with one run still logging (serve-demo.ts); --train-only stops after the
 * summary (tests use it to make a project).
 */
import { join } from 'node:path'
import { defaultWorkspaceDir, openProject, type Project, type Run } from '../../src/index.js'
import { twoMoons } from './data.js'
import { Mlp } from './mlp.js'
import { serveDemo } from './serve-demo.js'

const EPOCHS = 30
const BATCH = 32

function train(run: Run, learningRate: number): void {
  const parameters = {
    lr: learningRate,
    momentum: 0.9,
    hidden: 16n,
    epochs: BigInt(EPOCHS),
    batch_size: BigInt(BATCH),
    optimizer: 'sgd',
    seed: 7n,
  }
  run.assign('parameters', parameters)
  run.assign('data', { name: 'two-moons', samples: 2000n, noise: 0.2 })
  const { train: trainSet, val } = twoMoons({ samples: 2000, noise: 0.2, seed: 7 })
  const model = new Mlp({ hidden: 16, seed: 7 })
  run.assign('model/parameter_count', BigInt(model.parameterCount))
  let step = 0
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (let i = 0; i < trainSet.length; i += BATCH) {
      const loss = model.trainBatch(trainSet.slice(i, i + BATCH), learningRate, 0.9)
      run.log({ 'train/loss': loss }, { step: step++ })
    }
    const validation = model.evaluate(val)
    const training = model.evaluate(trainSet)
    run.log(
      {
        'val/loss': validation.loss,
        'val/accuracy': validation.accuracy,
        'train/accuracy': training.accuracy,
      },
      { step: epoch },
    )
    run
      .field('logs/epochs')
      .append(
        `epoch ${epoch}: val loss ${validation.loss.toFixed(4)}, val acc ${validation.accuracy.toFixed(3)}`,
      )
  }
  const final = model.evaluate(val)
  run.assign('results', { val_accuracy: final.accuracy, val_loss: final.loss })
  run.tags.add(final.accuracy >= 0.95 ? 'good' : 'needs-work')
}

function main(): Project {
  const dir = join(defaultWorkspaceDir(), 'demo')
  const project = openProject(dir)
  for (const lr of [0.01, 0.1, 0.5]) {
    const run = project.startRun({
      name: `mlp lr=${lr}`,
      description: 'two-moons MLP demo',
      tags: ['demo', 'mlp'],
    })
    train(run, lr)
    run.close()
  }

  console.log(`Project ${project.name} at ${project.dir}`)
  for (const summary of project.runs.list()) {
    const run = project.runs.get(summary.id)
    const lr = run.field('parameters/lr').fetch()
    const acc = run.field('val/accuracy').fetchLast() as number
    const loss = run.field('train/loss').fetchValues()
    console.log(
      `${summary.id.padEnd(8)} ${summary.name.padEnd(14)} lr=${String(lr).padEnd(5)} ${String(loss.steps.length).padStart(5)} loss points, ` +
        `last train/loss ${(run.field('train/loss').fetchLast() as number).toFixed(4)}, val/accuracy ${acc.toFixed(3)}, tags ${summary.tags.join(',')}`,
    )
  }
  const stats = project.stats()
  console.log(
    `${stats.runs} runs, ${stats.fields} fields, ${stats.seriesPoints} series points, project.db ${stats.dbBytes} bytes`,
  )
  return project
}

const project = main()
if (process.argv.includes('--train-only')) project.close()
else await serveDemo(defaultWorkspaceDir(), project)
