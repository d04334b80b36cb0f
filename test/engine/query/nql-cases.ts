/**
 * The query cases of the NQL semantics tests over the fixture project (fixture.ts), shared with the hub's
 * corpus (test/hub/nql-corpus.test.ts), which runs each against the local store and the hub.
 *   MATCHING: [query, the fixture runs it matches (T-n numbers, by id)]
 *   REFUSED:  [query, error code, column, text in the message or hint]
 */

/** Float series: last by default, and every aggregate. */
export const SERIES: [string, string][] = [
  ['metrics/acc > 0.5', '1 3'],
  ['last(`metrics/acc`:floatSeries) > 0.5', '1 3'],
  ['`metrics/acc`:floatSeries > 0.5', '1 3'],
  ['max(metrics/acc) > 0.95', '3'],
  ['min(metrics/acc) < 0.3', '2'],
  ['average(metrics/acc) >= 0.7', '1 3'],
  ['variance(`metrics/acc`:floatSeries) > 0.01', '1'],
  ['variance(metrics/acc) = 0', '2 3'],
  ['metrics/acc = NaN', '2'],
  ['metrics/acc != NaN', '1 3'],
  ['metrics/acc != 0.9', '2 3'],
  ['NOT metrics/acc = 0.9', '2 3 4'],
  ['max(metrics/acc) = Infinity', '3'],
  ['max(metrics/acc) = "inf"', '3'],
  ['metrics/acc <= 1', '1 3'],
  ['metrics/acc < 1', '1'],
]

/** Atoms. */
export const ATOMS: [string, string][] = [
  ['parameters/lr = 0.1', '2'],
  ['`parameters/lr`:float >= 0.1', '2 3'],
  ['parameters/lr > 1e-3 AND parameters/lr < 5E-2', '1'],
  ['parameters/epochs > 5', '1 2'],
  ['`parameters/epochs`:int < 0', '3'],
  ['`parameters/epochs`:integer = "20"', '2'],
  ['parameters/epochs > 9.5', '1 2'],
  ['parameters/big = 9007199254740993', '1'],
  ['parameters/big = 9007199254740992', ''],
  ['parameters/big > 9007199254740992', '1'],
  ['parameters/flag = true', '1'],
  ['`parameters/flag`:bool != true', '2'],
  ['parameters/flag = "FALSE"', '2'],
  ['parameters/opt = adam', '1'],
  ['parameters/opt != "adam"', '2'],
  ['NOT parameters/opt = "adam"', '2 3 4'],
  ['parameters/opt CONTAINS "am"', '1'],
  ['parameters/opt NOT CONTAINS "am"', '2 3 4'],
  ['`parameters/opt`:string MATCHES "^s.d$"', '2'],
  ['parameters/opt NOT MATCHES "^a"', '2 3 4'],
  ['sys/name MATCHES "quoted"', '3'],
  ['sys/name = "gamma \\"quoted\\""', '3'],
  ['sys/name CONTAINS ""', '1 2 3 4'],
  ['when > "2024-03-01"', '2'],
  ['`when`:datetime <= "2024-01-01T00:00:00Z"', '1'],
  ['when = "2024-01-01"', '1'],
  ['when = "2024-01-01T02:00:00+02:00"', '1'],
  ['neg = 0', '1'],
  ['nanval = NaN', '1'],
  ['nanval != 1', '1'],
  ['nanval > 0', ''],
]

/** Sets, states, string series. */
export const SETS: [string, string][] = [
  ['sys/tags CONTAINS "mlp"', '1'],
  ['sys/tags CONTAINS mlp AND sys/tags CONTAINS good', '1'],
  ['`sys/tags`:stringSet NOT CONTAINS "mlp"', '2 3 4'],
  ['sys/state = "running"', '3'],
  ['`sys/state`:experimentState = "Active"', '3'],
  ['sys/state:experimentState = inactive', '1 2 4'],
  ['sys/state = idle', '1 2 4'],
  ['logs/msg = "done"', '1'],
  ['logs/msg CONTAINS "x"', '3'],
  ['`logs/msg`:stringSeries MATCHES "^d"', '1'],
  ['last(logs/msg) = "x"', '3'],
]

/** Short form over a path with several types. */
export const MIXED: [string, string][] = [
  ['mix > 1', '1 3'],
  ['mix = "text"', '2'],
  ['mix = 2', '3'],
  ['`mix`:float > 1', '1'],
  ['`mix`:int > 1', '3'],
  ['mix CONTAINS "ex"', '2'],
]

/** EXISTS, missing fields and logic. */
export const LOGIC: [string, string][] = [
  ['metrics/loss EXISTS', '4'],
  ['metrics/loss NOT EXISTS', '1 2 3'],
  ['NOT metrics/loss EXISTS', '1 2 3'],
  ['`metrics/acc`:float EXISTS', ''],
  ['`metrics/acc`:floatSeries EXISTS', '1 2 3'],
  ['nosuch EXISTS', ''],
  ['`nosuch`:float > 1', ''],
  ['`nosuch`:string NOT CONTAINS "x"', '1 2 3 4'],
  ['(metrics/acc > 0.5 OR sys/tags CONTAINS "cnn") AND NOT parameters/flag = true', '2 3'],
  ['metrics/acc > 0.5 OR sys/tags CONTAINS "cnn" AND parameters/flag = false', '1 2 3'],
  ['', '1 2 3 4'],
]

/** Queries that cannot run say why, where. */
export const REFUSED: [string, string, number, string][] = [
  ['sys/tags > 1', 'QUERY_TYPE', 10, 'CONTAINS'],
  ['parameters/lr > "abc"', 'QUERY_VALUE', 17, 'number'],
  ['nosuch > 1', 'QUERY_UNKNOWN_FIELD', 1, 'type'],
  ['metrics/ac > 1', 'QUERY_UNKNOWN_FIELD', 1, "Did you mean 'metrics/acc'?"],
  ['parameters/lr > 0 AND `parameters/lr`:float CONTAINS "1"', 'QUERY_TYPE', 45, 'EXISTS'],
  ['`x`:bool = maybe', 'QUERY_VALUE', 12, 'true or false'],
  ['`when`:datetime > "yesterday"', 'QUERY_VALUE', 19, 'ISO 8601'],
  ['`x`:string MATCHES "("', 'QUERY_VALUE', 20, 'regular expression'],
  ['max(`x`:float) > 1', 'QUERY_TYPE', 1, 'float series'],
  ['max(logs/msg) = "a"', 'QUERY_TYPE', 1, 'last()'],
  ['`sys/state`:experimentState = "paused"', 'QUERY_VALUE', 31, 'running'],
  ['`x`:stringSet = "a"', 'QUERY_TYPE', 15, 'CONTAINS'],
]

/** Every matching case. */
export const MATCHING: [string, string][] = [...SERIES, ...ATOMS, ...SETS, ...MIXED, ...LOGIC]
