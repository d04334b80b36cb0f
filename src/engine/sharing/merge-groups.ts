/**
 * The rows around a merged container: its experiment (matched by id, then by name, else added), and for a
 * model or model version new to the target its `models` / `model_versions` row with the model's metrics,
 * iterations and modules (ids re-numbered, references mapped). A model or version already in the target
 * keeps its own rows: only its fields merge.
 *
 * @example
 * joinSourceExperiment(target, source, sourceRowId, targetRowId)
 * copyModelRows(target, source, sourceRowId, targetRowId, rowMap)
 */
import { statement, type Db } from '../driver/database.js'

interface Experiment {
  id: string
  name: string
  createdAt: number
}

/** The target experiment id for source experiment `id` (added when neither its id nor its name is there). */
export function targetExperiment(target: Db, source: Db, id: string): string {
  if (id === '') return ''
  const exp = statement<Experiment>(
    source,
    'SELECT id, name, created_at AS createdAt FROM experiments WHERE id = ?',
  ).get(id)
  if (!exp) return id
  const local =
    statement<{ id: string }>(target, 'SELECT id FROM experiments WHERE id = ?').get(exp.id) ??
    statement<{ id: string }>(target, 'SELECT id FROM experiments WHERE name = ?').get(exp.name)
  if (local) return local.id
  statement(target, 'INSERT INTO experiments (id, name, created_at) VALUES (?, ?, ?)').run(
    exp.id,
    exp.name,
    exp.createdAt,
  )
  return exp.id
}

/** Puts target container `to` in the experiment source container `from` is in, unless it is in one already. */
export function joinSourceExperiment(target: Db, source: Db, from: number, to: number): void {
  const member = statement<{ id: string }>(
    source,
    'SELECT experiment_id AS id FROM experiment_runs WHERE run_id = ?',
  ).get(from)
  if (!member) return
  statement(target, 'INSERT OR IGNORE INTO experiment_runs (run_id, experiment_id) VALUES (?, ?)').run(
    to,
    targetExperiment(target, source, member.id),
  )
}

type Row = Record<string, unknown>

/** Copies the model rows of new source container `from` (now target row `to`); `rows` maps source row ids. */
export function copyModelRows(
  target: Db,
  source: Db,
  from: number,
  to: number,
  rows: Map<number, number>,
): void {
  const version = statement<Row>(
    source,
    'SELECT model_row_id, number FROM model_versions WHERE row_id = ?',
  ).get(from)
  if (version) {
    statement(target, 'INSERT INTO model_versions (row_id, model_row_id, number) VALUES (?, ?, ?)').run(
      to,
      rows.get(version.model_row_id as number),
      version.number,
    )
  }
  const model = statement<Row>(
    source,
    'SELECT id, scope, hash, name, description, step FROM models WHERE row_id = ?',
  ).get(from)
  if (!model) return
  statement(
    target,
    'INSERT INTO models (row_id, id, scope, hash, name, description, step) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(
    to,
    model.id,
    targetExperiment(target, source, model.scope as string),
    model.hash,
    model.name,
    model.description,
    model.step,
  )
  for (const m of statement<Row>(
    source,
    'SELECT id, name, value, step, phase FROM model_metrics WHERE model_row_id = ? ORDER BY seq',
  ).all(from)) {
    statement(
      target,
      'INSERT INTO model_metrics (id, model_row_id, name, value, step, phase) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(m.id, to, m.name, m.value, m.step, m.phase)
  }
  const iterations = new Map<number, number>()
  for (const it of statement<Row>(
    source,
    'SELECT seq, id, step FROM iterations WHERE model_row_id = ? ORDER BY seq',
  ).all(from)) {
    const seq = statement(target, 'INSERT INTO iterations (id, model_row_id, step) VALUES (?, ?, ?)').run(
      it.id,
      to,
      it.step,
    ).lastInsertRowid
    iterations.set(it.seq as number, Number(seq))
  }
  for (const mod of statement<Row>(
    source,
    `SELECT id, model_row_id, iteration_seq, name, attributes FROM modules
      WHERE model_row_id = ? OR iteration_seq IN (SELECT seq FROM iterations WHERE model_row_id = ?) ORDER BY seq`,
  ).all(from, from)) {
    statement(
      target,
      'INSERT INTO modules (id, model_row_id, iteration_seq, name, attributes) VALUES (?, ?, ?, ?, ?)',
    ).run(
      mod.id,
      mod.model_row_id === null ? null : to,
      mod.iteration_seq === null ? null : iterations.get(mod.iteration_seq as number),
      mod.name,
      mod.attributes,
    )
  }
}
