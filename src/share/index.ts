/**
 * Sharing projects: the columnar export (Parquet and CSV in the neptune-exporter's schema).
 *
 * @example
 * import { exportParquet } from './share/index.js'
 * await exportParquet(openProject(dir, { readonly: true }), 'out')
 */
export { exportParquet, exportCsv } from './columnar-export.js'
export type { ColumnarExportReport, ExportedRun } from './columnar-export.js'
export type { ColumnarExportOptions, ExportProgress } from './export-options.js'
export { ExportError } from './export-error.js'
export { COLUMN_NAMES, EXPORT_SCHEMA } from './exporter-schema.js'
export { ATTRIBUTE_TYPES } from './attribute-types.js'
export type { AttributeType } from './attribute-types.js'
export { sanitizePathPart, sanitizeFilePart } from './sanitize.js'
