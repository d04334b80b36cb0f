/**
 * Creating a run inside one write transaction: its row and number, its sys/ fields, its experiment, its
 * fork lineage, and the 'started' or 'forked' event — or, for a custom run id that exists, finding it.
 *
 * @example
 * const { identity, created } = database.write((db) => createRun(db, { key: 'DEMO', name: 'baseline' }, Date.now()))
 */
import { hostname } from 'node:os'
import type { Db } from '../driver/database.js'
import { NotFoundError } from '../errors.js'
import { editStringSet } from '../fields/store.js'
import { ownerName } from '../capture/environment.js'
import { ensureExperiment, joinExperiment } from './experiment-store.js'
import { insertEvent } from './events.js'
import { forkRun } from './fork.js'
import { lineageOf } from './lineage.js'
import { findRun, insertContainer, writeSysAtoms, type RunIdentity, type SysAtom } from './store.js'

/** What a new run is made from (options already checked). */
export interface NewRun {
  /** The project's run id prefix (DEMO in DEMO-1) and name, for ids and messages. */
  key: string
  project: string
  name?: string
  description?: string
  customRunId?: string
  experiment?: string
  forkFrom?: { run: string; step: number }
}

function forkParent(db: Db, spec: NewRun, forkFrom: { run: string; step: number }): RunIdentity {
  // the run's id, or its custom run id (as Neptune's fork_run_id takes)
  const parent =
    typeof forkFrom.run === 'string'
      ? (findRun(db, { id: forkFrom.run }) ?? findRun(db, { customRunId: forkFrom.run }))
      : undefined
  if (!parent) {
    throw new NotFoundError(
      'FORK_PARENT_NOT_FOUND',
      `cannot fork from '${String(forkFrom.run)}': no such run in project ${spec.project}`,
      {
        hint: "Pass the parent's id or custom run id, like forkFrom: { run: 'DEMO-1', step: 500 }.",
      },
    )
  }
  return parent
}

/**
 * Inserts the run `spec` describes (inside the caller's write transaction), or finds the run with its
 * custom run id; `created` tells which.
 */
export function createRun(db: Db, spec: NewRun, now: number): { identity: RunIdentity; created: boolean } {
  const existing = spec.customRunId === undefined ? undefined : findRun(db, { customRunId: spec.customRunId })
  if (existing) return { identity: existing, created: false }
  const parent = spec.forkFrom ? forkParent(db, spec, spec.forkFrom) : undefined
  const run = insertContainer(db, 'run', (n) => `${spec.key}-${n}`, spec.customRunId, now)
  const sys: SysAtom[] = [
    ['sys/id', 'String', run.id],
    ['sys/uuid', 'String', run.uuid],
    ['sys/name', 'String', spec.name ?? 'Untitled'],
    ['sys/description', 'String', spec.description ?? ''],
    ['sys/creation_time', 'Datetime', new Date(now)],
    ['sys/owner', 'String', ownerName()],
    ['sys/hostname', 'String', hostname()],
    ['sys/failed', 'Boolean', false],
  ]
  if (spec.customRunId !== undefined) sys.push(['sys/custom_run_id', 'String', spec.customRunId])
  if (spec.experiment !== undefined) {
    joinExperiment(db, run.rowId, ensureExperiment(db, spec.experiment, now).id)
    sys.push(['sys/experiment', 'String', spec.experiment])
  }
  writeSysAtoms(db, run.rowId, sys, now)
  editStringSet(db, run.rowId, 'sys/tags', () => {}, now)
  editStringSet(db, run.rowId, 'sys/group_tags', () => {}, now)
  if (parent && spec.forkFrom) {
    forkRun(db, parent.rowId, parent.id, spec.forkFrom.step, run.rowId, now)
    const depth = lineageOf(db, run.rowId).depth
    writeSysAtoms(
      db,
      run.rowId,
      [
        ['sys/forking/parent', 'String', parent.id],
        ['sys/forking/step', 'Float', spec.forkFrom.step],
        ['sys/forking/depth', 'Integer', BigInt(depth)],
      ],
      now,
    )
  }
  insertEvent(
    db,
    run.rowId,
    parent ? 'forked' : 'started',
    parent ? { parent: parent.id, step: spec.forkFrom?.step } : null,
    now,
  )
  return { identity: run, created: true }
}
