/** Vector tiles. PLACEHOLDER: replaced by the tiles helper. */
import { Router } from 'express';
import type { Database } from '../db/database.ts';
export function tilesRouter(_deps: { db: Database }): Router {
  return Router();
}
