-- PostGIS is the one extension we need. On a real server it needs a superuser once
-- (.ci/run and docs/operations.md create it); IF NOT EXISTS then passes for the app's role.
CREATE EXTENSION IF NOT EXISTS postgis;
