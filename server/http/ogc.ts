/** OGC API - Features. PLACEHOLDER: replaced by the OGC helper. */
import { Router } from 'express';
import type { Database } from '../db/database.ts';
export function ogcRouter(_deps: { db: Database }): Router {
  return Router();
}
