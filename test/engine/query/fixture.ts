/**
 * A small project with one run per interesting case, shared by the query tests:
 *   T-1 alpha: every atom type, a float series ending 0.9, a string series, -0 and NaN atoms
 *   T-2 beta: a float series ending in NaN, a String where T-1 has a Float ('mix')
 *   T-3 gamma "quoted": still running, a series with +Infinity, an Integer 'mix'
 *   T-4 delta: almost nothing (only metrics/loss)
 */
import { openProject, type Project } from '../../../src/index.js'
import { tempProjectDir } from '../../helpers/tmp.js'

/** Builds the fixture project (in a directory named `name`); the caller closes it. */
export function fixtureProject(name = 'query'): Project {
  const project = openProject(tempProjectDir(name), { key: 'T', onWarning: () => {} })
  const alpha = project.startRun({ name: 'alpha', tags: ['mlp', 'good'] })
  alpha.assign('parameters', { lr: 0.01, opt: 'adam', epochs: 10n, big: 9007199254740993n, flag: true })
  alpha.assign({
    when: new Date('2024-01-01T00:00:00Z'),
    mix: 1.5,
    neg: -0,
    nanval: Number.NaN,
    'odd:max': 7,
  })
  alpha.field('metrics/acc').extend([0.5, 0.7, 0.9])
  alpha.field('logs/msg').extend(['start', 'done'])
  alpha.close()

  const beta = project.startRun({ name: 'beta', tags: ['cnn'] })
  beta.assign('parameters', { lr: 0.1, opt: 'sgd', epochs: 20n, flag: false })
  beta.assign({ when: new Date('2024-06-01T00:00:00Z'), mix: 'text' })
  beta.field('metrics/acc').extend([0.2, Number.NaN])
  beta.close()

  const gamma = project.startRun({ name: 'gamma "quoted"' })
  gamma.assign('parameters', { lr: 0.5, epochs: -3n })
  gamma.assign({ mix: 2n })
  gamma.field('metrics/acc').extend([Infinity, 1])
  gamma.field('logs/msg').append('x')
  gamma.flush() // stays running

  const delta = project.startRun({ name: 'delta' })
  delta.field('metrics/loss').extend([3, 2, 1])
  delta.close()
  return project
}

/** The sys/id column of a table. */
export function ids(table: { rows: unknown[][] }): unknown[] {
  return table.rows.map((row) => row[0])
}
