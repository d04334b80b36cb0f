/**
 * Dependency rules (npm run check): imports point down the layers of DESIGN.md, and there are no cycles.
 *   cli -> server -> store -> engine (through src/index.ts) -> schema; ingest, share, hub -> engine
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'engine-stays-below',
      comment: 'src/engine never imports cli, server, store, ingest or share.',
      severity: 'error',
      from: { path: '^src/engine' },
      to: { path: '^(src/(cli|server|ingest|share|viewer|store|hub)|examples)' },
    },
    {
      name: 'share-ingest-below-cli-server',
      severity: 'error',
      from: { path: '^src/(share|ingest)' },
      to: { path: '^(src/(cli|server|viewer)|examples)' },
    },
    {
      name: 'hub-uses-public-api',
      comment:
        'src/hub (the PostgreSQL hub: sync and its read store) uses the engine through src/index.ts only, and the read interface of src/store; never the CLI, server or viewer.',
      severity: 'error',
      from: { path: '^src/hub' },
      to: { path: '^(src/(engine|cli|server|viewer|ingest|share)|examples)' },
    },
    {
      name: 'postgres-only-in-hub',
      comment: 'The PostgreSQL client is imported only by src/hub.',
      severity: 'error',
      from: { path: '^src', pathNot: '^src/hub/' },
      to: { path: 'node_modules/postgres/' },
    },
    {
      name: 'one-driver-module',
      comment: 'better-sqlite3 is imported only by the engine driver.',
      severity: 'error',
      from: { path: '^src', pathNot: '^src/engine/driver/' },
      to: { path: 'node_modules/better-sqlite3' },
    },
    {
      name: 'share-uses-public-api',
      comment:
        'src/share reads projects through the public API (src/index.ts) only (and src/format), never engine internals or the schema.',
      severity: 'error',
      from: { path: '^src/share' },
      to: { path: '^(src|schema)/', pathNot: '^src/(share/|format/|index[.]ts$)' },
    },
    {
      name: 'cli-uses-share-entry',
      comment: 'The CLI uses src/share through its index only.',
      severity: 'error',
      from: { path: '^src/cli' },
      to: { path: '^src/share/', pathNot: '^src/share/index[.]ts$' },
    },
    {
      name: 'ingest-uses-public-api',
      comment:
        'src/ingest may import the engine through src/index.ts only (which exports engine/driver/foreign-db).',
      severity: 'error',
      from: { path: '^src/ingest' },
      to: { path: '^src/engine', pathNot: '^src/engine/driver/foreign-db' },
    },
    {
      name: 'cli-uses-public-api',
      comment: 'The CLI talks to the engine through src/index.ts only.',
      severity: 'error',
      from: { path: '^src/cli' },
      to: { path: '^src/engine' },
    },
    {
      name: 'server-sees-the-store',
      comment:
        'src/server reads through src/store and the public API (src/index.ts): no engine internals, no SQLite.',
      severity: 'error',
      from: { path: '^src/server' },
      to: {
        path: ['^src/(engine|cli|viewer|demo|ingest|share)', 'node_modules/(better-sqlite3|drizzle-orm)'],
      },
    },
    {
      name: 'store-uses-public-api',
      comment: 'src/store implements the read interface over src/index.ts only.',
      severity: 'error',
      from: { path: '^src/store' },
      to: {
        path: [
          '^src/(engine|cli|server|viewer|demo|ingest|share)',
          'node_modules/(better-sqlite3|drizzle-orm|hono|@hono)',
        ],
      },
    },
    {
      name: 'viewer-is-browser-code',
      comment:
        'src/viewer runs in the browser and talks to the server over HTTP only: no other src layer (but the types of the API replies in src/store/read-store.ts), no Node built-ins.',
      severity: 'error',
      from: { path: '^src/viewer' },
      to: { path: '^src/(?!viewer/)', pathNot: '^src/store/read-store\\.ts$' },
    },
    {
      name: 'viewer-no-node',
      comment: 'Only the build script (build.mjs) of src/viewer runs in Node.',
      severity: 'error',
      from: { path: '^src/viewer', pathNot: '^src/viewer/build\\.mjs$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'one-socket-module',
      comment: '@hono/node-server is used only where the socket is opened.',
      severity: 'error',
      from: { path: '^src', pathNot: '^src/server/listen\\.ts$' },
      to: { path: 'node_modules/@hono/node-server' },
    },
    {
      name: 'cli-uses-server-not-store',
      comment: 'The CLI imports src/server and src/index.ts, not the store.',
      severity: 'error',
      from: { path: '^src/cli' },
      to: { path: '^src/store' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
}
