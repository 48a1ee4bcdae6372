-- A token role for metrics scrapers (Prometheus): `monitor` holds metrics:read only (server/auth/permissions.ts),
-- so /metrics and /api/health/details can leave the public route list without locking out the scraper.
ALTER TABLE api_tokens DROP CONSTRAINT IF EXISTS api_tokens_role_check;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_role_check
  CHECK (role IN ('dispatcher', 'planner', 'grid_worker', 'viewer', 'wall', 'monitor'));
