/**
 * Serving a workspace or project directory: checks the bind (a non-loopback host needs a token), opens
 * the local read store, builds the app and listens. What `nereid serve` runs.
 *
 * @example
 * const served = await serveDirectory({ dir: '.nereid', port: 4700, host: '127.0.0.1' })
 * console.log(served.url)
 * await served.close()
 */
import { InvalidOptionError } from '../index.js'
import { openLocalStore } from '../store/local-store.js'
import type { ReadStore } from '../store/read-store.js'
import { createApp } from './app.js'
import { listen } from './listen.js'
import { isLoopback, type Tokens } from './tokens.js'

export { isLoopback, loadTokensFile, singleToken } from './tokens.js'
export type { Tokens } from './tokens.js'

/** Options of {@link serveDirectory}. */
export interface ServeOptions {
  dir: string
  port: number
  host: string
  tokens?: Tokens
  viewerDir?: string
  /** Serve this read store (the PostgreSQL hub's, src/hub) instead of the local `dir`. */
  store?: ReadStore
}

/** A running server. */
export interface Served {
  url: string
  port: number
  /** Ends the streams, the socket and the projects. */
  close(): Promise<void>
}

/** Starts serving `options.dir`. */
export async function serveDirectory(options: ServeOptions): Promise<Served> {
  if (!isLoopback(options.host) && options.tokens === undefined) {
    throw new InvalidOptionError(
      'INSECURE_BIND',
      `refusing to serve on ${options.host} without an access token: anyone on the network could read the projects`,
      {
        hint: 'Pass --token <secret> (or --tokens FILE), or keep the default --host 127.0.0.1.',
      },
    )
  }
  const store = options.store ?? openLocalStore(options.dir)
  const app = createApp(store, {
    ...(options.tokens ? { tokens: options.tokens } : {}),
    ...(options.viewerDir ? { viewerDir: options.viewerDir } : {}),
  })
  let listening
  try {
    listening = await listen(app, { port: options.port, host: options.host })
  } catch (error) {
    await store.close()
    throw error
  }
  return {
    url: listening.url,
    port: listening.port,
    close: async () => {
      await listening.close()
      await store.close()
    },
  }
}
