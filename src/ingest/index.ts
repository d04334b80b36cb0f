/**
 * Importers into Nereid: neptune-exporter Parquet dumps, MLflow (mlflow.db and the mlruns file store),
 * TensorBoard event files and Ultralytics run directories, plus the live Ultralytics watcher, and the
 * watcher that merges oplog files from inbox/ continuously (`project.merge()` merges once).
 *
 * @example
 * import { importNeptune } from './ingest/index.js'
 * const report = await importNeptune(openProject('.nereid/moved'), 'exports/data')
 */
export { importNeptune } from './neptune/import.js'
export type { NeptuneImportOptions } from './neptune/import.js'
export { applyRuns } from './apply.js'
export { stableUuid } from './record.js'
export type { ImportedRun } from './record.js'
export type { ImportReport, ImportSkip, ImportProgress } from './report.js'
export type { ImporterOptions } from './recorded.js'
export { importMlflow } from './mlflow/import.js'
export { importTensorboard } from './tensorboard/import.js'
export { importUltralytics } from './ultralytics/import.js'
export { watchUltralytics } from './ultralytics/watch.js'
export type { UltralyticsWatcher, WatchOptions } from './ultralytics/watch.js'
export { watchInbox } from './oplog/watch.js'
export type { InboxWatcher, InboxWatchOptions } from './oplog/watch.js'
