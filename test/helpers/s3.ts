/**
 * An in-process fake S3 (the s3rver devDependency, 3.7.1, runs on Node 20) on a free 127.0.0.1 port with
 * its files in a temp dir and a bucket made, and the environment a client needs to reach it
 * (NEREID_S3_ENDPOINT, AWS_* credentials). `puts` counts the objects written. s3rver does not check
 * signatures, so a wrong secret is not refused by it: tests cannot use it for credential errors.
 *
 * @example
 * const s3 = await startS3('hub')
 * process.env = { ...process.env, ...s3.env }
 * await s3.stop()
 */
import S3rver from 's3rver'
import { tempDir } from './tmp.js'

/** A running fake S3. */
export interface FakeS3 {
  readonly endpoint: string
  /** Environment variables that point a client at it. */
  readonly env: Record<string, string>
  /** Objects written (PUT) since it started. */
  puts(): number
  stop(): Promise<void>
}

/** Starts a fake S3 with the buckets `buckets`. */
export async function startS3(...buckets: string[]): Promise<FakeS3> {
  const server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory: tempDir('nereid-s3-'),
    configureBuckets: buckets.map((name) => ({ name })),
  })
  let puts = 0
  server.on('event', (event) => {
    for (const record of event.Records) if (record.eventName.startsWith('ObjectCreated')) puts++
  })
  const { port } = await server.run()
  const endpoint = `http://127.0.0.1:${port}`
  return {
    endpoint,
    env: {
      NEREID_S3_ENDPOINT: endpoint,
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_REGION: 'us-east-1',
    },
    puts: () => puts,
    stop: () => server.close(),
  }
}
