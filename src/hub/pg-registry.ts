/**
 * The hub's model registry and experiments in the local store's shapes (the engine's listModels,
 * listModelVersions and listExperiments): models oldest first with their experiment's name, a model's
 * versions by number with their stage (`sys/stage`, 'none' when unset), experiments oldest first with
 * the ids of their runs.
 *
 * @example
 * await hubModels(sql, projectId)              // [{ id: 'DEMO-M1', uuid, hash, name, description, step, experiment }]
 * await hubVersions(sql, projectId, 'DEMO-M1') // [{ id: 'DEMO-V1', uuid, number: 1, stage: 'production' }]
 */
import type postgres from 'postgres'
import { NotFoundError, type ModelSummary } from '../index.js'

/** One model, as project.listModels() lists it. */
export type HubModel = ModelSummary

/** Every model of the hub project, oldest first. */
export async function hubModels(sql: postgres.Sql, projectId: number): Promise<HubModel[]> {
  return sql<HubModel[]>`
    SELECT r.sys_id AS id, m.model_id AS uuid, m.hash, m.name, m.description, m.step, e.name AS experiment
      FROM hub_models m JOIN hub_runs r ON r.id = m.run_id
      LEFT JOIN hub_experiments e ON e.project_id = r.project_id AND e.id = m.scope
     WHERE r.project_id = ${projectId} ORDER BY r.id`
}

/** The versions of model `modelId` (its hub sys/id), by number; MODEL_NOT_FOUND when there is none. */
export async function hubVersions(
  sql: postgres.Sql,
  projectId: number,
  modelId: string,
): Promise<{ id: string; uuid: string; number: number; stage: string }[]> {
  const [model] = await sql<{ id: number }[]>`
    SELECT id FROM hub_runs WHERE project_id = ${projectId} AND kind = 'model' AND sys_id = ${modelId}`
  if (!model)
    throw new NotFoundError('MODEL_NOT_FOUND', `no model '${modelId}'`, {
      hint: 'List the models with project.listModels() or GET /api/projects/:p/models.',
    })
  return sql<{ id: string; uuid: string; number: number; stage: string }[]>`
    SELECT r.sys_id AS id, r.uuid, v.number, coalesce(f.text, 'none') AS stage
      FROM hub_model_versions v JOIN hub_runs r ON r.id = v.run_id
      LEFT JOIN hub_fields f ON f.run_id = v.run_id AND f.path = 'sys/stage'
     WHERE v.model_run_id = ${model.id} ORDER BY v.number`
}

/** Every experiment of the hub project, oldest first, with its runs' ids (oldest first). */
export async function hubExperiments(
  sql: postgres.Sql,
  projectId: number,
): Promise<{ id: string; name: string; createdAt: Date; runs: string[] }[]> {
  const experiments = await sql<{ id: string; name: string; created_at: number }[]>`
    SELECT id, name, created_at FROM hub_experiments WHERE project_id = ${projectId} ORDER BY created_at`
  const members = await sql<{ experiment_id: string; sys_id: string }[]>`
    SELECT er.experiment_id, r.sys_id FROM hub_experiment_runs er JOIN hub_runs r ON r.id = er.run_id
     WHERE r.project_id = ${projectId} ORDER BY r.id`
  return experiments.map((e) => ({
    id: e.id,
    name: e.name,
    createdAt: new Date(e.created_at),
    runs: members.filter((m) => m.experiment_id === e.id).map((m) => m.sys_id),
  }))
}
