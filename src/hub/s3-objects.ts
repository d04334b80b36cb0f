/**
 * The hub's objects in an S3-compatible bucket (`--objects s3://BUCKET/PREFIX`): keys
 * `PREFIX/sha256/ab/<hash>`, requests signed with AWS Signature Version 4 (the `aws4` package) and sent
 * with fetch, path-style, to `$NEREID_S3_ENDPOINT` (or `$AWS_ENDPOINT_URL_S3`, `$AWS_ENDPOINT_URL`; default
 * `https://s3.<region>.amazonaws.com`). Credentials and region from the usual variables:
 * AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION (default us-east-1). Uploads
 * stream the file (`UNSIGNED-PAYLOAD`); an object already there with its size is not sent again.
 *
 * @example
 * const bucket = s3Objects('s3://team-hub/nereid')
 * await bucket.put(hash, '/data/.nereid/demo/objects/sha256/ab/ab12…', 4096)
 * await bucket.size(hash)   // 4096 (-1 when absent)
 */
import { createReadStream } from 'node:fs'
import { Readable } from 'node:stream'
import aws4 from 'aws4'
import { InvalidOptionError } from '../index.js'
import { HubObjectsError } from './errors.js'
import type { HubObjects } from './objects-store.js'

interface S3Config {
  bucket: string
  prefix: string
  endpoint: URL
  region: string
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
}

function config(spec: string, env: NodeJS.ProcessEnv): S3Config {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(spec)
  if (!match)
    throw new InvalidOptionError('HUB_BAD_OBJECTS', `'${spec}' is not an S3 location`, {
      hint: 'Give the bucket as s3://BUCKET or s3://BUCKET/PREFIX (a bucket name: 3-63 lowercase letters, digits, dots and hyphens).',
    })
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1'
  const endpoint = env.NEREID_S3_ENDPOINT ?? env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL
  const accessKeyId = env.AWS_ACCESS_KEY_ID
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY
  if (!accessKeyId || !secretAccessKey)
    throw new InvalidOptionError('HUB_S3_NO_CREDENTIALS', `no credentials for ${spec}`, {
      hint: 'Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary ones), and AWS_REGION.',
    })
  return {
    bucket: match[1]!,
    prefix: (match[2] ?? '').replace(/^\/+|\/+$/g, ''),
    endpoint: new URL(endpoint ?? `https://s3.${region}.amazonaws.com`),
    region,
    credentials: {
      accessKeyId,
      secretAccessKey,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    },
  }
}

/** The S3-compatible bucket at `spec` (s3://BUCKET/PREFIX) as the hub's objects. */
export function s3Objects(spec: string, env: NodeJS.ProcessEnv = process.env): HubObjects {
  const c = config(spec, env)
  const base = c.endpoint.pathname.replace(/\/+$/, '')
  const keyPath = (hash: string): string =>
    `${base}/${c.bucket}/${[c.prefix, 'sha256', hash.slice(0, 2), hash].filter((p) => p !== '').join('/')}`

  const send = async (
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: ReadableStream<Uint8Array>,
  ): Promise<Response> => {
    const signed = aws4.sign(
      {
        host: c.endpoint.host,
        protocol: c.endpoint.protocol,
        method,
        path,
        service: 's3',
        region: c.region,
        headers: { 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD', ...headers },
      },
      c.credentials,
    )
    const init: RequestInit & { duplex?: 'half' } = {
      method,
      headers: signed.headers as Record<string, string>,
      ...(body ? { body, duplex: 'half' } : {}),
    }
    try {
      return await fetch(new URL(path, c.endpoint), init)
    } catch (error) {
      throw new HubObjectsError('HUB_S3_UNREACHABLE', `the bucket at ${c.endpoint.host} does not answer`, {
        hint: 'Check NEREID_S3_ENDPOINT (or the region) and the network; the sync ships the objects on its next pass.',
        cause: error,
      })
    }
  }

  const refused = async (what: string, response: Response): Promise<HubObjectsError> => {
    const text = await response.text().catch(() => '')
    const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? String(response.status)
    return new HubObjectsError('HUB_S3_FAILED', `${what} in s3://${c.bucket}: ${response.status} ${code}`, {
      hint:
        response.status === 403
          ? 'Check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and the bucket policy.'
          : response.status === 404
            ? 'Check that the bucket exists (create it first).'
            : 'The bucket refused the request; try again, and check the bucket and its endpoint.',
    })
  }

  return {
    where: `s3://${c.bucket}${c.prefix ? `/${c.prefix}` : ''}`,
    async size(hash) {
      const response = await send('HEAD', keyPath(hash), {})
      if (response.status === 404) return -1
      if (!response.ok) throw await refused(`HEAD of object ${hash}`, response)
      return Number(response.headers.get('content-length') ?? -1)
    },
    async put(hash, file, size) {
      const body = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>
      const response = await send(
        'PUT',
        keyPath(hash),
        { 'Content-Length': String(size), 'Content-Type': 'application/octet-stream' },
        body,
      )
      if (!response.ok) throw await refused(`upload of object ${hash}`, response)
      await response.arrayBuffer()
    },
    open(hash, range) {
      let reader: ReadableStreamDefaultReader<Uint8Array> | undefined
      return new ReadableStream<Uint8Array>({
        start: async (controller) => {
          const headers: Record<string, string> = range ? { Range: `bytes=${range.start}-${range.end}` } : {}
          const response = await send('GET', keyPath(hash), headers)
          if (!response.ok || !response.body)
            return controller.error(await refused(`GET of object ${hash}`, response))
          reader = response.body.getReader()
        },
        pull: async (controller) => {
          const { done, value } = await reader!.read()
          if (done) controller.close()
          else controller.enqueue(value)
        },
        cancel: async () => {
          await reader?.cancel()
        },
      })
    },
  }
}
