/**
 * The only file that opens a socket: the app on a Node HTTP server (@hono/node-server). A port in use
 * is a typed PORT_IN_USE error naming the port; close() ends the live streams and every connection.
 *
 * @example
 * const server = await listen(app, { port: 4700, host: '127.0.0.1' })
 * console.log(server.url)   // http://127.0.0.1:4700/
 * await server.close()
 */
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { createAdaptorServer } from '@hono/node-server'
import { InvalidOptionError, NereidError } from '../index.js'
import type { ServerApp } from './app.js'

/** A listening server. */
export interface Listening {
  url: string
  port: number
  close(): Promise<void>
}

/** Where to listen. */
export interface ListenOptions {
  port: number
  host: string
}

/** Listens on `options.host`:`options.port` (port 0: any free one). */
export async function listen(app: ServerApp, options: ListenOptions): Promise<Listening> {
  const server = createAdaptorServer({ fetch: app.fetch }) as Server
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(
          new InvalidOptionError('PORT_IN_USE', `port ${options.port} on ${options.host} is already in use`, {
            hint: `Pass another port with --port (e.g. --port ${options.port + 1}), or --port 0 for any free port.`,
          }),
        )
      } else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND' || error.code === 'EACCES') {
        reject(
          new InvalidOptionError(
            'CANNOT_LISTEN',
            `cannot listen on ${options.host}:${options.port} (${error.code})`,
            {
              hint: 'Check --host (an address of this machine) and --port (ports below 1024 need privileges).',
            },
          ),
        )
      } else
        reject(
          new NereidError(
            'CANNOT_LISTEN',
            `cannot listen on ${options.host}:${options.port}: ${error.message}`,
            { hint: 'Check --host and --port.' },
          ),
        )
    })
    server.listen(options.port, options.host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  const host = options.host.includes(':') ? `[${options.host}]` : options.host
  return {
    url: `http://${host}:${port}/`,
    port,
    close: async () => {
      app.closeStreams()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    },
  }
}
