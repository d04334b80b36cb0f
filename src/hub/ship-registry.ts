/**
 * The model registry and experiments into the hub: the local tables are small, so each pass upserts them
 * whole in one transaction (models and versions by their hub run, experiments by project and id, the
 * members by run). Rows of runs the hub does not hold yet wait for the next pass.
 *
 * @example
 * await shipRegistry(hub.sql, target, runIds, project.syncRows.registry())
 */
import type postgres from 'postgres'
import type { SyncRegistry } from '../index.js'
import type { Target } from './source.js'
import { inTransaction } from './transaction.js'

/** Upserts the registry; returns how many rows it wrote. */
export async function shipRegistry(
  sql: postgres.Sql,
  target: Target,
  runIds: Map<string, number>,
  registry: SyncRegistry,
): Promise<number> {
  const run = (uuid: string): number | undefined => runIds.get(uuid)
  const experiments = registry.experiments.map((e) => ({
    project_id: target.projectId,
    id: e.id,
    name: e.name,
    created_at: e.createdAt,
  }))
  const members = registry.experimentRuns.flatMap((m) => {
    const id = run(m.runUuid)
    return id === undefined ? [] : [{ run_id: id, experiment_id: m.experimentId }]
  })
  const models = registry.models.flatMap((m) => {
    const id = run(m.runUuid)
    if (id === undefined) return []
    const { hash, name, description, step, scope } = m
    return [{ run_id: id, model_id: m.id, scope, hash, name, description, step }]
  })
  const versions = registry.versions.flatMap((v) => {
    const [id, model] = [run(v.runUuid), run(v.modelRunUuid)]
    return id === undefined || model === undefined
      ? []
      : [{ run_id: id, model_run_id: model, number: v.number }]
  })
  const total = experiments.length + members.length + models.length + versions.length
  if (total === 0) return 0
  await inTransaction(sql, async (tx) => {
    if (experiments.length > 0)
      await tx`INSERT INTO hub_experiments ${tx(experiments)} ON CONFLICT (project_id, id)
               DO UPDATE SET name = excluded.name, created_at = excluded.created_at`
    if (members.length > 0)
      await tx`INSERT INTO hub_experiment_runs ${tx(members)} ON CONFLICT (run_id)
               DO UPDATE SET experiment_id = excluded.experiment_id`
    if (models.length > 0)
      await tx`INSERT INTO hub_models ${tx(models)} ON CONFLICT (run_id) DO UPDATE SET model_id = excluded.model_id,
               scope = excluded.scope, hash = excluded.hash, name = excluded.name, description = excluded.description, step = excluded.step`
    if (versions.length > 0)
      await tx`INSERT INTO hub_model_versions ${tx(versions)} ON CONFLICT (run_id)
               DO UPDATE SET model_run_id = excluded.model_run_id, number = excluded.number`
  })
  return total
}
