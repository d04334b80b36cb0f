/**
 * Plain-data listings of the model registry and experiments, for read-only handles (the server, the
 * CLI): models (of every scope), a model's versions with their stage, experiments with their runs. No
 * handle in them: JSON.stringify works on every result.
 *
 * @example
 * database.read((db) => listModels(db))              // [{ id: 'DEMO-M1', uuid, hash: 'a1b2', name, step: 0, experiment: null }]
 * database.read((db) => listVersions(db, 'DEMO-M1')) // [{ id: 'DEMO-M1-1', uuid, number: 1, stage: 'none' }]
 */
import { and, asc, eq } from 'drizzle-orm'
import { experimentRuns, experiments, models, modelVersions } from '../../../schema/lifecycle.js'
import { fields, runs } from '../../../schema/tables.js'
import type { Db } from '../driver/database.js'
import { NotFoundError } from '../errors.js'

/** One model. */
export interface ModelSummary {
  /** sys/id, like 'DEMO-M1'. */
  id: string
  uuid: string
  hash: string
  name: string | null
  description: string | null
  step: number
  /** The experiment the model belongs to, or null. */
  experiment: string | null
}

/** One model version. */
export interface VersionSummary {
  id: string
  uuid: string
  number: number
  stage: string
}

/** One experiment and the ids of its runs, oldest first. */
export interface ExperimentSummary {
  id: string
  name: string
  createdAt: Date
  runs: string[]
}

/** Every model, oldest first. */
export function listModels(db: Db): ModelSummary[] {
  return db
    .select({
      id: runs.sysId,
      uuid: models.id,
      hash: models.hash,
      name: models.name,
      description: models.description,
      step: models.step,
      experiment: experiments.name,
    })
    .from(models)
    .innerJoin(runs, eq(runs.id, models.rowId))
    .leftJoin(experiments, eq(experiments.id, models.scope))
    .orderBy(asc(models.rowId))
    .all()
}

/** The versions of model `modelId` (its sys/id), oldest first; MODEL_NOT_FOUND when there is none. */
export function listVersions(db: Db, modelId: string): VersionSummary[] {
  const model = db
    .select({ rowId: runs.id })
    .from(runs)
    .where(and(eq(runs.kind, 'model'), eq(runs.sysId, modelId)))
    .get()
  if (!model)
    throw new NotFoundError('MODEL_NOT_FOUND', `no model '${modelId}'`, {
      hint: 'List the models with project.listModels() or GET /api/projects/:p/models.',
    })
  return db
    .select({ id: runs.sysId, uuid: runs.uuid, number: modelVersions.number, stage: fields.text })
    .from(modelVersions)
    .innerJoin(runs, eq(runs.id, modelVersions.rowId))
    .leftJoin(fields, and(eq(fields.runId, modelVersions.rowId), eq(fields.path, 'sys/stage')))
    .where(eq(modelVersions.modelRowId, model.rowId))
    .orderBy(asc(modelVersions.number))
    .all()
    .map((v) => ({ ...v, stage: v.stage ?? 'none' }))
}

/** Every experiment with its runs, oldest first. */
export function listExperiments(db: Db): ExperimentSummary[] {
  const members = db
    .select({ experimentId: experimentRuns.experimentId, id: runs.sysId })
    .from(experimentRuns)
    .innerJoin(runs, eq(runs.id, experimentRuns.runId))
    .orderBy(asc(runs.id))
    .all()
  return db
    .select()
    .from(experiments)
    .orderBy(asc(experiments.createdAt))
    .all()
    .map((e) => ({
      id: e.id,
      name: e.name,
      createdAt: new Date(e.createdAt),
      runs: members.filter((m) => m.experimentId === e.id).map((m) => m.id),
    }))
}
