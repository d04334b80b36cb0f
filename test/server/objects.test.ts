/** Objects by hash: referenced only, ETag, caching, ranges, HEAD, content type. */
import { beforeAll, describe, expect, test } from 'vitest'
import type { ServerApp } from '../../src/server/app.js'
import { parseRange } from '../../src/server/objects.js'
import { appOver, demoWorkspace, type Demo } from './fixture.js'

let demo: Demo
let app: ServerApp
const url = (hash: string) => `/api/projects/demo/objects/${hash}`

beforeAll(async () => {
  demo = await demoWorkspace()
  app = appOver(demo.home).app
})

describe('objects', () => {
  test('a referenced object with its recorded type, ETag and immutable caching', async () => {
    const res = await app.request(url(demo.fileHash))
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('weights!')
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(res.headers.get('etag')).toBe(`"${demo.fileHash}"`)
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(res.headers.get('content-length')).toBe('8')
    expect(res.headers.get('content-disposition')).toBe("inline; filename*=UTF-8''w.txt")
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox")
  })

  test('FileSet members and FileSeries entries are served too; an SVG stays sandboxed', async () => {
    expect((await app.request(url(demo.setHash))).headers.get('content-type')).toBe(
      'application/json; charset=utf-8',
    )
    const svg = await app.request(url(demo.seriesHash))
    expect(svg.headers.get('content-type')).toBe('image/svg+xml')
    expect(svg.headers.get('content-security-policy')).toContain('sandbox')
  })

  test('If-None-Match gives 304; HEAD gives headers only', async () => {
    expect(
      (await app.request(url(demo.fileHash), { headers: { 'If-None-Match': `"${demo.fileHash}"` } })).status,
    ).toBe(304)
    const head = await app.request(url(demo.fileHash), { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers.get('content-length')).toBe('8')
    expect(await head.text()).toBe('')
  })

  test('ranges: 206 with Content-Range, suffix ranges, 416 when unsatisfiable', async () => {
    const part = await app.request(url(demo.fileHash), { headers: { Range: 'bytes=2-4' } })
    expect(part.status).toBe(206)
    expect(part.headers.get('content-range')).toBe('bytes 2-4/8')
    expect(await part.text()).toBe('igh')
    expect(await (await app.request(url(demo.fileHash), { headers: { Range: 'bytes=-2' } })).text()).toBe(
      's!',
    )
    expect(await (await app.request(url(demo.fileHash), { headers: { Range: 'bytes=6-' } })).text()).toBe(
      's!',
    )
    const bad = await app.request(url(demo.fileHash), { headers: { Range: 'bytes=9-10' } })
    expect(bad.status).toBe(416)
    expect(bad.headers.get('content-range')).toBe('bytes */8')
    expect((await app.request(url(demo.fileHash), { headers: { Range: 'bytes=0-1,3-4' } })).status).toBe(200)
  })

  test('malformed, unreferenced or other-project hashes are 404', async () => {
    for (const hash of [
      'abc',
      demo.fileHash.toUpperCase(),
      `${demo.fileHash}0`,
      'f'.repeat(64),
      '..',
      `${demo.fileHash.slice(0, 63)}g`,
    ]) {
      const res = await app.request(url(hash))
      expect({ hash, status: res.status }).toEqual({ hash, status: 404 })
    }
    expect((await app.request(`/api/projects/other/objects/${demo.fileHash}`)).status).toBe(404)
  })

  test('parseRange', () => {
    expect(parseRange(undefined, 10)).toBeUndefined()
    expect(parseRange('bytes=0-', 10)).toEqual({ start: 0, end: 9 })
    expect(parseRange('bytes=5-100', 10)).toEqual({ start: 5, end: 9 })
    expect(parseRange('bytes=-0', 10)).toBe('bad')
    expect(parseRange('items=0-1', 10)).toBeUndefined()
    expect(parseRange('bytes=4-2', 10)).toBe('bad')
  })
})
