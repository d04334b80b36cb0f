/**
 * The PostgreSQL hub (docs/hub.md): many hosts sync their local projects into one PostgreSQL database,
 * and `nereid serve --from postgres://…` reads it. This is what the CLI imports.
 *
 * @example
 * import { syncLoop } from '../hub/index.js'
 * await syncLoop(openProject(dir, { readonly: true }), 'postgres://nereid:secret@db/hub')
 */
export { connectHub, hubWhere } from './connect.js'
export type { Hub, ConnectOptions } from './connect.js'
export { HubConnectionError, HubWriteError } from './errors.js'
export { HUB_SCHEMA_VERSION } from './migrate.js'
export { syncOnce, OVERLAP_MS } from './sync.js'
export type { SyncOptions, SyncReport } from './sync.js'
export { syncLoop } from './sync-loop.js'
export type { SyncLoopOptions } from './sync-loop.js'
export { openPgStore } from './pg-store.js'
export type { PgStoreOptions } from './pg-store.js'
