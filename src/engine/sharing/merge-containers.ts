/**
 * The merge of a staged source project.db into the target, in the caller's one write transaction:
 * containers (runs, models, model versions) are matched by uuid, oldest first, so a fork's parent and a
 * version's model are placed before it.
 * - A container new to the target is copied whole. It keeps its sys/id unless the target already uses
 *   that id for another container; then it gets the target's next number (`KEY-n`, `KEY-Mn`, model
 *   versions follow their model) and its old id is kept in the String field `sys/original_id`.
 * - A container in both is merged (merge-fields.ts) when it can be; else it is a conflict (a field of
 *   another type, another fork parent) and `onConflict` decides: 'fail' throws IMPORT_CONFLICT (nothing
 *   is written), 'skip' leaves the target's container as it is, 'replace' replaces its fields and events
 *   by the source's (keeping its row, id and sys/id). A new container whose custom run id is taken by a
 *   different run is a conflict too ('replace' skips it: the target's run keeps its custom run id).
 *
 * @example
 * const report = core.database.write((db) => mergeContainers(db, staged.database.db, core.key, 'fail'))
 */
import { statement, type Db } from '../driver/database.js'
import { copyEvents, copyField, copyForkReads, sourceFields } from './copy-rows.js'
import { ImportConflictError } from './errors.js'
import { fieldConflicts, mergeFields } from './merge-fields.js'
import { copyModelRows, joinSourceExperiment } from './merge-groups.js'

/** What to do with a container both projects hold that cannot be merged. */
export type OnConflict = 'skip' | 'replace' | 'fail'

/** What a merge did, by sys/id (the target's). */
export interface ContainerMergeReport {
  added: string[]
  merged: string[]
  replaced: string[]
  skipped: { id: string; reason: string }[]
  renumbered: { from: string; to: string }[]
  /** Series points and entries written to the target. */
  points: number
}

interface Container {
  id: number
  kind: string
  number: number
  sysId: string
  uuid: string
  customRunId: string | null
  createdAt: number
  parentId: number | null
  forkStep: number | null
  forkDepth: number
}

const CONTAINER = `SELECT id, kind, number, sys_id AS sysId, uuid, custom_run_id AS customRunId, created_at AS createdAt,
  parent_id AS parentId, fork_step AS forkStep, fork_depth AS forkDepth FROM runs`
const INSERT_CONTAINER = `INSERT INTO runs (kind, number, sys_id, uuid, custom_run_id, created_at, parent_id, fork_step, fork_depth)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
const SET_TEXT = "UPDATE fields SET text = ? WHERE run_id = ? AND path = ? AND type = 'String'"
const ADD_TEXT = `INSERT INTO fields (run_id, path, type, text, count, finite_count, sum, sum_sq, updated_at)
  VALUES (?, ?, 'String', ?, 0, 0, 0, 0, ?) ON CONFLICT (run_id, path) DO UPDATE SET text = excluded.text`

function byUuid(db: Db, uuid: string): Container | undefined {
  return statement<Container>(db, `${CONTAINER} WHERE uuid = ?`).get(uuid)
}

/** The sys/id a new container gets: its own when free, else the target's next one for its kind. */
function newSysId(target: Db, source: Db, c: Container, key: string, rows: Map<number, number>) {
  const taken = (id: string) => statement(target, 'SELECT 1 FROM runs WHERE sys_id = ?').get(id) !== undefined
  let number = c.number
  let sysId = c.sysId
  if (c.kind === 'model_version') {
    const v = statement<{ model: number; n: number }>(
      source,
      'SELECT model_row_id AS model, number AS n FROM model_versions WHERE row_id = ?',
    ).get(c.id)
    const model =
      v && statement<{ sysId: string }>(target, `${CONTAINER} WHERE id = ?`).get(rows.get(v.model))
    if (v && model) sysId = `${model.sysId}-${v.n}`
  }
  if (!taken(sysId)) return { number, sysId }
  number =
    (statement<{ n: number | null }>(target, 'SELECT max(number) AS n FROM runs WHERE kind = ?').get(c.kind)
      ?.n ?? 0) + 1
  const idOf = (n: number) => (c.kind === 'model' ? `${key}-M${n}` : `${key}-${n}`)
  while (taken(idOf(number))) number++
  return { number, sysId: idOf(number) }
}

function conflictOf(target: Db, source: Db, c: Container, local: Container, rows: Map<number, number>) {
  const types = fieldConflicts(target, source, c.id, local.id)
  if (types.length > 0) return `fields of another type: ${types.join(', ')}`
  const parent = c.parentId === null ? null : (rows.get(c.parentId) ?? -1)
  if (parent !== local.parentId || (parent !== null && c.forkStep !== local.forkStep))
    return 'forked from another run or step'
  return undefined
}

/** Merges every container of `source` into `target`; see the file comment. */
export function mergeContainers(
  target: Db,
  source: Db,
  key: string,
  onConflict: OnConflict,
): ContainerMergeReport {
  const report: ContainerMergeReport = {
    added: [],
    merged: [],
    replaced: [],
    skipped: [],
    renumbered: [],
    points: 0,
  }
  const rows = new Map<number, number>() // source row id -> target row id
  const renamed = new Map<string, string>() // source sys/id -> target sys/id
  const conflict = (c: Container, reason: string, id: string): boolean => {
    if (onConflict === 'fail') {
      throw new ImportConflictError(
        'IMPORT_CONFLICT',
        `${c.sysId} (uuid ${c.uuid}) cannot be merged: ${reason}`,
        {
          hint: "Pass onConflict: 'skip' (--on-conflict skip) to keep this project's run, or 'replace' to take the imported one. Nothing was written to the project.",
        },
      )
    }
    report.skipped.push({ id, reason })
    return false
  }
  for (const c of statement<Container>(source, `${CONTAINER} ORDER BY id`).all()) {
    const local = byUuid(target, c.uuid)
    if (local) {
      rows.set(c.id, local.id)
      renamed.set(c.sysId, local.sysId)
      const reason = conflictOf(target, source, c, local, rows)
      if (reason === undefined) {
        report.points += mergeFields(target, source, c.id, local.id)
        copyEvents(target, source, c.id, local.id)
        report.merged.push(local.sysId)
      } else if (onConflict === 'replace') {
        statement(target, 'DELETE FROM fields WHERE run_id = ?').run(local.id)
        statement(target, 'DELETE FROM events WHERE run_id = ?').run(local.id)
        const parent = c.parentId === null ? null : (rows.get(c.parentId) ?? null)
        statement(target, 'UPDATE runs SET parent_id = ?, fork_step = ?, fork_depth = ? WHERE id = ?').run(
          parent,
          c.forkStep,
          c.forkDepth,
          local.id,
        )
        for (const f of sourceFields(source, c.id)) report.points += copyField(target, source, f, local.id)
        copyForkReads(target, source, c.id, local.id, rows)
        copyEvents(target, source, c.id, local.id)
        statement(target, SET_TEXT).run(local.sysId, local.id, 'sys/id')
        report.replaced.push(local.sysId)
      } else conflict(c, reason, local.sysId)
      continue
    }
    if (c.parentId !== null && !rows.has(c.parentId)) {
      conflict(c, 'the run it was forked from was skipped', c.sysId)
      continue
    }
    if (
      c.customRunId !== null &&
      statement(target, 'SELECT 1 FROM runs WHERE kind = ? AND custom_run_id = ?').get(c.kind, c.customRunId)
    ) {
      conflict(c, `custom run id '${c.customRunId}' belongs to another run here`, c.sysId)
      continue
    }
    const { number, sysId } = newSysId(target, source, c, key, rows)
    const parent = c.parentId === null ? null : (rows.get(c.parentId) ?? null)
    const id = Number(
      statement(target, INSERT_CONTAINER).run(
        c.kind,
        number,
        sysId,
        c.uuid,
        c.customRunId,
        c.createdAt,
        parent,
        c.forkStep,
        c.forkDepth,
      ).lastInsertRowid,
    )
    rows.set(c.id, id)
    renamed.set(c.sysId, sysId)
    for (const f of sourceFields(source, c.id)) report.points += copyField(target, source, f, id)
    copyForkReads(target, source, c.id, id, rows)
    copyEvents(target, source, c.id, id)
    joinSourceExperiment(target, source, c.id, id)
    copyModelRows(target, source, c.id, id, rows)
    if (sysId !== c.sysId) {
      statement(target, SET_TEXT).run(sysId, id, 'sys/id')
      statement(target, ADD_TEXT).run(id, 'sys/original_id', c.sysId, c.createdAt)
      report.renumbered.push({ from: c.sysId, to: sysId })
    }
    for (const path of ['sys/forking/parent', 'sys/model_id']) {
      const old = statement<{ text: string | null }>(
        target,
        "SELECT text FROM fields WHERE run_id = ? AND path = ? AND type = 'String'",
      ).get(id, path)?.text
      const now = old == null ? undefined : renamed.get(old)
      if (now !== undefined && now !== old) statement(target, SET_TEXT).run(now, id, path)
    }
    report.added.push(sysId)
  }
  return report
}
