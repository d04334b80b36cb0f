/**
 * The engine's one door for importers: creating a run whose identity comes from another tracker (a stable
 * uuid, its creation time, owner, custom run id, running time, failure, tags, fork parent), which public
 * `startRun`/`assign` refuse, and finding that run again by its uuid so that a re-import changes nothing.
 *
 * @example
 * database.write((db) => importRunRow(db, 'DEMO', { uuid, sys: { name: 'baseline', creationTime } }, Date.now()))
 */
import { and, eq, max } from 'drizzle-orm'
import { runs } from '../../../schema/tables.js'
import type { Db } from '../driver/database.js'
import { InvalidValueError, NotFoundError } from '../errors.js'
import { editStringSet } from '../fields/store.js'
import { insertEvent } from './events.js'
import { forkRun } from './fork.js'
import { lineageOf } from './lineage.js'
import { ensureExperiment, joinExperiment } from './experiment-store.js'
import { writeSysAtoms, type RunIdentity, type SysAtom } from './store.js'

/** The sys fields an import may set (every one optional; defaults as for startRun). */
export interface ImportRunSys {
  /**
   * The source's run id as sys/id (default: the next `KEY-n`). It must be free; `KEY-n` itself takes
   * number n, so later runs are numbered after it.
   */
  id?: string
  name?: string
  description?: string
  tags?: readonly string[]
  /** sys/group_tags. */
  groupTags?: readonly string[]
  /** sys/creation_time and the run's place in time order (default: now). */
  creationTime?: Date
  owner?: string
  hostname?: string
  /** Also the runs table's custom run id: startRun({ customRunId }) then resumes this run. */
  customRunId?: string
  /** sys/running_time, seconds. */
  runningTime?: number
  failed?: boolean
  pingTime?: Date
}

/** What `project.importRun` takes. */
export interface ImportRunOptions {
  /** The run's sys/uuid, derived by the importer from the source's ids. */
  uuid: string
  sys?: ImportRunSys
  experiment?: string
  /** The parent (an imported run's uuid) and the step the run was forked at. */
  forkFrom?: { uuid: string; step: number }
  /** Delete a run with this uuid first (an import that was interrupted), then create it anew. */
  replace?: boolean
}

/** What importRunRow found or made. */
export interface ImportedRow {
  identity: RunIdentity
  created: boolean
  /** A fork's step: the run's own points come after it. */
  floorStep: number
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

function rowByUuid(db: Db, uuid: string): RunIdentity | undefined {
  const row = db.select().from(runs).where(eq(runs.uuid, uuid)).get()
  return row && row.kind === 'run'
    ? { rowId: row.id, id: row.sysId, uuid: row.uuid, customRunId: row.customRunId }
    : undefined
}

function checkOptions(options: ImportRunOptions): void {
  if (typeof options.uuid !== 'string' || !UUID.test(options.uuid)) {
    throw new InvalidValueError(
      'INVALID_UUID',
      `importRun needs a lowercase UUID, got ${JSON.stringify(options.uuid)}`,
      {
        hint: 'Derive it from the source ids, e.g. stableUuid(`neptune:${project}/${runId}`) in src/ingest.',
      },
    )
  }
  const custom = options.sys?.customRunId
  if (
    custom !== undefined &&
    (custom.length === 0 || custom.length > 128 || /[\u0000-\u001f/]/.test(custom))
  ) {
    throw new InvalidValueError(
      'INVALID_CUSTOM_RUN_ID',
      `customRunId must be 1 to 128 characters without '/' or control characters, got ${JSON.stringify(custom)}`,
      {
        hint: 'Leave customRunId out for a run whose source id does not fit; keep it in another field.',
      },
    )
  }
}

/** The number and sys/id of an imported run: the next `KEY-n`, or the source's id when it is free. */
function importedId(
  db: Db,
  key: string,
  id: string | undefined,
  next: number,
): { number: number; sysId: string } {
  if (id === undefined) return { number: next, sysId: `${key}-${next}` }
  if (typeof id !== 'string' || id.length === 0 || id.length > 128 || /[\u0000-\u001f/]/.test(id)) {
    throw new InvalidValueError(
      'INVALID_SYS_ID',
      `sys.id must be 1 to 128 characters without '/', got ${JSON.stringify(id)}`,
      {
        hint: "Pass the source's run id, like 'SAN-12', or leave sys.id out.",
      },
    )
  }
  const holder = db.select({ sysId: runs.sysId }).from(runs).where(eq(runs.sysId, id)).get()
  if (holder) {
    throw new InvalidValueError(
      'SYS_ID_TAKEN',
      `sys/id '${id}' already belongs to another container of this project`,
      {
        hint: 'Import into a project of its own, or leave sys.id out (the source id stays in import/original_id).',
      },
    )
  }
  const own = new RegExp(`^${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-([1-9][0-9]{0,14})$`).exec(id)
  // a KEY-n id takes number n; a taken number would make sys/ids collide later
  if (own) {
    const n = Number(own[1])
    const used = db
      .select({ id: runs.id })
      .from(runs)
      .where(and(eq(runs.kind, 'run'), eq(runs.number, n)))
      .get()
    if (!used) return { number: n, sysId: id }
  }
  return { number: next, sysId: id }
}

/**
 * Finds the run with `options.uuid` (created: false), or creates it with the given sys fields, experiment
 * and fork parent (created: true), inside the caller's transaction.
 */
export function importRunRow(db: Db, key: string, options: ImportRunOptions, now: number): ImportedRow {
  checkOptions(options)
  const existing = rowByUuid(db, options.uuid)
  if (existing && !options.replace)
    return { identity: existing, created: false, floorStep: lineageOf(db, existing.rowId).step ?? -Infinity }
  if (existing) db.delete(runs).where(eq(runs.id, existing.rowId)).run()
  const sys = options.sys ?? {}
  if (sys.customRunId !== undefined) {
    const holder = db.select().from(runs).where(eq(runs.customRunId, sys.customRunId)).get()
    if (holder && holder.kind === 'run') {
      throw new InvalidValueError(
        'CUSTOM_RUN_ID_TAKEN',
        `custom run id '${sys.customRunId}' already belongs to run ${holder.sysId}`,
        {
          hint: 'Import each source project into its own Nereid project.',
        },
      )
    }
  }
  const parent = options.forkFrom ? rowByUuid(db, options.forkFrom.uuid) : undefined
  if (options.forkFrom && !parent) {
    throw new NotFoundError(
      'FORK_PARENT_NOT_FOUND',
      `cannot import a fork of run ${options.forkFrom.uuid}: it is not in this project`,
      {
        hint: 'Import the parent run first (importers order runs parents first).',
      },
    )
  }
  const created = sys.creationTime?.getTime() ?? now
  const next =
    (db
      .select({ n: max(runs.number) })
      .from(runs)
      .where(eq(runs.kind, 'run'))
      .get()?.n ?? 0) + 1
  const { number, sysId } = importedId(db, key, sys.id, next)
  const row = db
    .insert(runs)
    .values({
      kind: 'run',
      number,
      sysId,
      uuid: options.uuid,
      customRunId: sys.customRunId ?? null,
      createdAt: created,
    })
    .returning()
    .get()
  const identity: RunIdentity = { rowId: row.id, id: row.sysId, uuid: row.uuid, customRunId: row.customRunId }
  const atoms: SysAtom[] = [
    ['sys/id', 'String', identity.id],
    ['sys/uuid', 'String', identity.uuid],
    ['sys/name', 'String', sys.name ?? 'Untitled'],
    ['sys/description', 'String', sys.description ?? ''],
    ['sys/creation_time', 'Datetime', new Date(created)],
    ['sys/owner', 'String', sys.owner ?? ''],
    ['sys/failed', 'Boolean', sys.failed ?? false],
    ['sys/state', 'String', 'idle'],
  ]
  if (sys.hostname !== undefined) atoms.push(['sys/hostname', 'String', sys.hostname])
  if (sys.customRunId !== undefined) atoms.push(['sys/custom_run_id', 'String', sys.customRunId])
  if (sys.runningTime !== undefined) atoms.push(['sys/running_time', 'Float', sys.runningTime])
  if (sys.pingTime !== undefined) atoms.push(['sys/ping_time', 'Datetime', sys.pingTime])
  if (options.experiment !== undefined) {
    joinExperiment(db, identity.rowId, ensureExperiment(db, options.experiment, now).id)
    atoms.push(['sys/experiment', 'String', options.experiment])
  }
  writeSysAtoms(db, identity.rowId, atoms, now)
  editStringSet(db, identity.rowId, 'sys/tags', (set) => sys.tags?.forEach((t) => set.add(t)), now)
  editStringSet(db, identity.rowId, 'sys/group_tags', (set) => sys.groupTags?.forEach((t) => set.add(t)), now)
  if (parent && options.forkFrom) {
    forkRun(db, parent.rowId, parent.id, options.forkFrom.step, identity.rowId, now)
    const depth = BigInt(lineageOf(db, identity.rowId).depth)
    writeSysAtoms(
      db,
      identity.rowId,
      [
        ['sys/forking/parent', 'String', parent.id],
        ['sys/forking/step', 'Float', options.forkFrom.step],
        ['sys/forking/depth', 'Integer', depth],
      ],
      now,
    )
  }
  insertEvent(db, identity.rowId, 'imported', { uuid: identity.uuid }, now)
  return { identity, created: true, floorStep: lineageOf(db, identity.rowId).step ?? -Infinity }
}
