/**
 * Read-your-writes for the collection versions (server/db/features/collection-versions.ts): a write request answered
 * by this process marks the versions stale as its answer's headers go out — after its transaction committed, before
 * the caller can ask again — so the caller's next read of a live collection is built from the database, not served
 * from a cached page or revalidated against a version from before the write while the write's NOTIFY is still on
 * its way. Costs one small query on the next read after each write.
 */
import type { RequestHandler, Response } from 'express';
import type { CollectionVersions } from '../../db/features/collection-versions.ts';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function freshAfterWrites(versions: Pick<CollectionVersions, 'written'> | undefined): RequestHandler {
  return (req, res, next) => {
    if (versions && WRITES.has(req.method)) {
      const writeHead = res.writeHead;
      res.writeHead = function (this: Response, ...args: unknown[]) {
        versions.written();
        return (writeHead as (...a: unknown[]) => Response).apply(this, args);
      } as Response['writeHead'];
    }
    next();
  };
}
