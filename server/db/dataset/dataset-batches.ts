/**
 * Row streams cut into insert batches: rows buffered per table and flushed parents first, each batch
 * serialised once to the JSON text the insert sends. Runs in the generator worker (dataset-worker.ts)
 * so that generating and serialising overlap with the database work on the main thread.
 */
import type { Row, RowStream } from '../../dataset/core/context.ts';

export const BATCH_ROWS = 5_000;

export interface Batch {
  table: string;
  /** The first row: its keys and value types describe the batch. */
  sample: Row;
  /** JSON array of the rows. */
  json: string;
  rows: number;
  firstId: string | null;
  lastId: string | null;
  /** Rows of the part's first table streamed so far (drives progress). */
  primaryCount: number;
}

export function* batchesOf(stream: RowStream, size = BATCH_ROWS): Generator<Batch> {
  const buffers = new Map<string, Row[]>();
  let primary: string | null = null;
  let primaryCount = 0;
  function* flush(): Generator<Batch> {
    for (const [table, rows] of buffers) {
      if (rows.length === 0) continue;
      const id = (r: Row) => (typeof r.id === 'string' ? r.id : null);
      yield { table, sample: rows[0]!, json: JSON.stringify(rows), rows: rows.length, firstId: id(rows[0]!), lastId: id(rows[rows.length - 1]!), primaryCount };
      rows.length = 0;
    }
  }
  for (const [table, row] of stream) {
    primary ??= table;
    let buf = buffers.get(table);
    if (!buf) buffers.set(table, (buf = []));
    buf.push(row);
    if (table === primary && ++primaryCount % size === 0) yield* flush();
  }
  yield* flush();
}
