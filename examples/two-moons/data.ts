/**
 * A synthetic data set for the demo: two interleaving half-moons with noise, from a seeded generator so
 * every run of the demo sees the same data.
 *
 * @example
 * const { train, val } = twoMoons({ samples: 1000, noise: 0.2, seed: 7 })
 */

/** A labelled point. */
export interface Sample {
  x: [number, number]
  y: 0 | 1
}

/** A small, fast, seeded PRNG (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Two half-moons, shuffled and split 80/20 into train and validation sets. */
export function twoMoons(options: { samples: number; noise: number; seed: number }): {
  train: Sample[]
  val: Sample[]
} {
  const random = seededRandom(options.seed)
  const gaussian = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random())
  const samples: Sample[] = []
  for (let i = 0; i < options.samples; i++) {
    const y: 0 | 1 = i % 2 === 0 ? 0 : 1
    const angle = Math.PI * random()
    const [cx, cy] =
      y === 0 ? [Math.cos(angle), Math.sin(angle)] : [1 - Math.cos(angle), 0.5 - Math.sin(angle)]
    samples.push({ x: [cx + options.noise * gaussian(), cy + options.noise * gaussian()], y })
  }
  for (let i = samples.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[samples[i], samples[j]] = [samples[j]!, samples[i]!]
  }
  const cut = Math.floor(samples.length * 0.8)
  return { train: samples.slice(0, cut), val: samples.slice(cut) }
}
