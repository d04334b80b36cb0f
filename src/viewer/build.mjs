/**
 * Builds the web viewer: bundles src/viewer/main.ts (with uPlot and the CSS) by esbuild into
 * dist/viewer/assets/ with content-hashed names, writes dist/viewer/index.html pointing at them, and
 * prints the gzipped size against the 60 KB budget. Run by `npm run build` (node src/viewer/build.mjs).
 */
import { build } from 'esbuild'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const BUDGET_BYTES = 60 * 1024
const here = dirname(fileURLToPath(import.meta.url))
const out = join(here, '..', '..', 'dist', 'viewer')
rmSync(out, { recursive: true, force: true })
mkdirSync(join(out, 'assets'), { recursive: true })

const result = await build({
  entryPoints: [join(here, 'main.ts')],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  outdir: join(out, 'assets'),
  entryNames: 'app-[hash]',
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
})

const outputs = Object.keys(result.metafile.outputs).filter((f) => !f.endsWith('.map'))
const js = outputs.find((f) => f.endsWith('.js'))
const css = outputs.find((f) => f.endsWith('.css'))
const template = readFileSync(join(here, 'index.html'), 'utf8')
const html = template
  .replace('<!--css-->', css ? `<link rel="stylesheet" href="/assets/${basename(css)}">` : '')
  .replace('<!--js-->', `<script type="module" src="/assets/${basename(js)}"></script>`)
writeFileSync(join(out, 'index.html'), html)

let total = gzipSync(html, { level: 9 }).length
for (const file of outputs) total += gzipSync(readFileSync(file), { level: 9 }).length
const kb = (total / 1024).toFixed(1)
console.log(
  `viewer: ${outputs.map((f) => basename(f)).join(', ')} + index.html = ${kb} KB gzipped (budget 60 KB)`,
)
if (total > BUDGET_BYTES) {
  console.error(`viewer: over budget by ${((total - BUDGET_BYTES) / 1024).toFixed(1)} KB`)
  process.exit(1)
}
