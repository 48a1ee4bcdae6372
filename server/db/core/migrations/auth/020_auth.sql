-- Accounts, sessions, API tokens and the tamper-evident audit log (docs/security.md).
--
-- Jurisdiction: users.admin_code and api_tokens.scope hold an admin unit code (admin_units.code). There is
-- deliberately no foreign key: the first admin (scope 410500) is created right after the migrations, before
-- the dataset loader has filled admin_units, and the loader may reload admin_units. The API checks that a
-- code exists in admin_units when an admin assigns it.

CREATE TABLE users (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username             text NOT NULL CHECK (username ~ '^[a-z0-9][a-z0-9_.-]{2,31}$'),
  display_name         text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
  role                 text NOT NULL CHECK (role IN ('admin', 'dispatcher', 'planner', 'grid_worker', 'viewer')),
  role_label           text NOT NULL,
  admin_code           text NOT NULL CHECK (admin_code ~ '^[0-9]{6}([0-9]{3}([0-9]{3})?)?$'),
  password_hash        text NOT NULL,
  must_change_password boolean NOT NULL DEFAULT false,
  disabled             boolean NOT NULL DEFAULT false,
  failed_attempts      integer NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
  locked_until         timestamptz,
  last_login_at        timestamptz,
  password_changed_at  timestamptz NOT NULL DEFAULT now(),
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_username_idx ON users (username);
CREATE INDEX users_admin_code_idx ON users (admin_code);

-- The cookie carries a random 256-bit id; only its SHA-256 is stored.
CREATE TABLE sessions (
  id_hash           text PRIMARY KEY CHECK (id_hash ~ '^[0-9a-f]{64}$'),
  user_id           bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token        text NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  last_seen_at      timestamptz NOT NULL DEFAULT now(),
  expires_at        timestamptz NOT NULL,          -- idle expiry, slides with use up to absolute_expires_at
  absolute_expires_at timestamptz NOT NULL,
  ip                text,
  user_agent        text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

-- Machine clients (QGIS, GDAL, other city systems) and wall displays. Only the SHA-256 of a token is stored.
CREATE TABLE api_tokens (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  token_hash   text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  token_hint   text NOT NULL,                       -- the first characters, to recognise a token in a list
  role         text NOT NULL CHECK (role IN ('dispatcher', 'planner', 'grid_worker', 'viewer', 'wall')),
  role_label   text NOT NULL,
  scope        text NOT NULL CHECK (scope ~ '^[0-9]{6}([0-9]{3}([0-9]{3})?)?$'),
  created_by   bigint REFERENCES users (id) ON DELETE SET NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz,
  last_used_at timestamptz,
  revoked_at   timestamptz,
  revoked_by   bigint REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX api_tokens_scope_idx ON api_tokens (scope);

-- The audit log: append-only and hash-chained. hash = sha256(prev_hash || canonical row) is computed by the
-- server (server/auth/audit-chain.ts) under a transaction-level advisory lock, so appends are serialised and
-- seq is gap-free; the triggers below refuse UPDATE, DELETE, TRUNCATE and any insert that does not extend the
-- chain by exactly one (seq = last + 1, prev_hash = last hash). `npm run audit:verify` recomputes the chain.
CREATE TABLE audit_log (
  seq         bigint PRIMARY KEY CHECK (seq > 0),
  at          timestamptz NOT NULL,
  actor_kind  text NOT NULL CHECK (actor_kind IN ('user', 'token', 'anonymous', 'system')),
  actor_id    text,
  actor_name  text,
  actor_role  text,
  action      text NOT NULL,
  target_type text,
  target_id   text,
  outcome     text NOT NULL CHECK (outcome IN ('ok', 'denied', 'failed')),
  ip          text,
  user_agent  text,
  details     jsonb NOT NULL DEFAULT '{}',
  prev_hash   text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  hash        text NOT NULL UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$')
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_kind, actor_id, seq);
CREATE INDEX audit_log_action_idx ON audit_log (action, seq);

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

CREATE FUNCTION audit_log_extend_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  last_seq  bigint;
  last_hash text;
BEGIN
  SELECT seq, hash INTO last_seq, last_hash FROM audit_log ORDER BY seq DESC LIMIT 1;
  IF NEW.seq IS DISTINCT FROM COALESCE(last_seq, 0) + 1
     OR NEW.prev_hash IS DISTINCT FROM COALESCE(last_hash, repeat('0', 64)) THEN
    RAISE EXCEPTION 'audit_log append out of chain: seq % after %', NEW.seq, COALESCE(last_seq, 0)
      USING ERRCODE = 'serialization_failure';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_extend_chain();
