/**
 * A small multi-layer perceptron in plain TypeScript: 2 inputs, one tanh hidden layer, a sigmoid output,
 * binary cross-entropy, trained by mini-batch SGD with momentum. Enough to make the demo's curves real.
 *
 * @example
 * const model = new Mlp({ hidden: 16, seed: 1 })
 * const loss = model.trainBatch(batch, 0.1, 0.9)
 */
import { seededRandom, type Sample } from './data.js'

/** Loss and accuracy over a set of samples. */
export interface Evaluation {
  loss: number
  accuracy: number
}

const EPS = 1e-9

/** The model: weights w1 (hidden x 2), b1, w2 (hidden), b2. */
export class Mlp {
  readonly hidden: number
  private readonly w1: Float64Array
  private readonly b1: Float64Array
  private readonly w2: Float64Array
  private b2 = 0
  private readonly velocity: Float64Array

  constructor(options: { hidden: number; seed: number }) {
    this.hidden = options.hidden
    const random = seededRandom(options.seed)
    const h = options.hidden
    this.w1 = Float64Array.from({ length: 2 * h }, () => (random() - 0.5) * 2)
    this.b1 = new Float64Array(h)
    this.w2 = Float64Array.from({ length: h }, () => ((random() - 0.5) * 2) / Math.sqrt(h))
    this.velocity = new Float64Array(4 * h + 1)
  }

  /** The number of trainable parameters. */
  get parameterCount(): number {
    return 4 * this.hidden + 1
  }

  private forward(x: readonly [number, number], activations: Float64Array): number {
    let z = this.b2
    for (let j = 0; j < this.hidden; j++) {
      const a = Math.tanh(this.w1[2 * j]! * x[0] + this.w1[2 * j + 1]! * x[1] + this.b1[j]!)
      activations[j] = a
      z += this.w2[j]! * a
    }
    return 1 / (1 + Math.exp(-z))
  }

  /** One SGD step with momentum over `batch`; returns the batch's mean loss. */
  trainBatch(batch: readonly Sample[], learningRate: number, momentum: number): number {
    const h = this.hidden
    const grad = new Float64Array(4 * h + 1)
    const activations = new Float64Array(h)
    let loss = 0
    for (const { x, y } of batch) {
      const p = this.forward(x, activations)
      loss -= y * Math.log(p + EPS) + (1 - y) * Math.log(1 - p + EPS)
      const dz = p - y
      for (let j = 0; j < h; j++) {
        const a = activations[j]!
        grad[3 * h + j]! += dz * a
        const da = dz * this.w2[j]! * (1 - a * a)
        grad[2 * j]! += da * x[0]
        grad[2 * j + 1]! += da * x[1]
        grad[2 * h + j]! += da
      }
      grad[4 * h]! += dz
    }
    const scale = learningRate / batch.length
    const params = [this.w1, this.b1, this.w2]
    let offset = 0
    for (const block of params) {
      for (let k = 0; k < block.length; k++) {
        const v = (this.velocity[offset + k] =
          momentum * this.velocity[offset + k]! - scale * grad[offset + k]!)
        block[k]! += v
      }
      offset += block.length
    }
    this.velocity[4 * h] = momentum * this.velocity[4 * h]! - scale * grad[4 * h]!
    this.b2 += this.velocity[4 * h]!
    return loss / batch.length
  }

  /** Mean loss and accuracy over `samples`. */
  evaluate(samples: readonly Sample[]): Evaluation {
    const activations = new Float64Array(this.hidden)
    let loss = 0
    let correct = 0
    for (const { x, y } of samples) {
      const p = this.forward(x, activations)
      loss -= y * Math.log(p + EPS) + (1 - y) * Math.log(1 - p + EPS)
      if ((p >= 0.5 ? 1 : 0) === y) correct++
    }
    return { loss: loss / samples.length, accuracy: correct / samples.length }
  }
}
