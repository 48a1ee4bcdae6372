/**
 * Sending an analysis result (analysis-output.ts encodes it): compressed when the caller accepts it (br or gzip,
 * streamed through zlib: a city's hexagons are ~3.7 MB of JSON), `Cache-Control: no-store` (a result is computed for
 * its request and its parameters), no entity tag (hashing megabytes on the event loop would buy nothing).
 */
import type { Request, Response } from 'express';
import { negotiateCoding, sendBytes } from '../platform/transfer.ts';
import { encodeResult, type EncodedResult, type ResultCollection } from './analysis-output.ts';
import type { Format } from './analysis-params.ts';

export async function sendEncoded(req: Request, res: Response, encoded: EncodedResult, filename: string): Promise<void> {
  res.set('Cache-Control', 'no-store');
  if (encoded.format === 'csv') res.type('text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="${filename}.csv"`);
  else res.type('application/geo+json');
  await sendBytes(req, res, Buffer.from(encoded.bytes.buffer, encoded.bytes.byteOffset, encoded.bytes.byteLength), negotiateCoding(req));
}

export function sendResult(req: Request, res: Response, format: Format, result: ResultCollection, filename: string): Promise<void> {
  return sendEncoded(req, res, encodeResult(format, result), filename);
}
