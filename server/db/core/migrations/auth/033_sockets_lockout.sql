-- Open sockets end with their credentials, and a lockout that only locks the address that failed.
--
-- 1. credentials_ended: every change that ends or narrows a credential NOTIFYs channel `credentials_ended`
--    with a small JSON payload {"kind":"session"|"token"|"user","id":"…"}; every server process LISTENs and
--    disconnects the live-feed sockets of that credential (server/realtime/socket-auth.ts). The triggers sit on
--    the tables, so no path can forget to tell: logout, a password change ending other sessions, expiry clean-up,
--    revoking a token, disabling a user, a role or jurisdiction change, or a delete by hand in psql.
--    NOTIFY is transactional: the sockets end when the change commits, never for a change rolled back.
--    A session's id is the SHA-256 of its cookie (sessions.id_hash), never the cookie itself.
CREATE FUNCTION credentials_ended_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- TG_ARGV: the credential kind, the column holding its id.
  PERFORM pg_notify('credentials_ended', json_build_object('kind', TG_ARGV[0], 'id', to_jsonb(OLD) ->> TG_ARGV[1])::text);
  RETURN NULL;
END
$$;

CREATE TRIGGER sessions_ended AFTER DELETE ON sessions
  FOR EACH ROW EXECUTE FUNCTION credentials_ended_notify('session', 'id_hash');

CREATE TRIGGER api_tokens_ended AFTER DELETE ON api_tokens
  FOR EACH ROW EXECUTE FUNCTION credentials_ended_notify('token', 'id');
CREATE TRIGGER api_tokens_changed AFTER UPDATE ON api_tokens
  FOR EACH ROW WHEN (
    (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL)
    OR OLD.role IS DISTINCT FROM NEW.role
    OR OLD.scope IS DISTINCT FROM NEW.scope
    OR OLD.expires_at IS DISTINCT FROM NEW.expires_at)
  EXECUTE FUNCTION credentials_ended_notify('token', 'id');

CREATE TRIGGER users_ended AFTER DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION credentials_ended_notify('user', 'id');
CREATE TRIGGER users_changed AFTER UPDATE ON users
  FOR EACH ROW WHEN (
    (NEW.disabled AND NOT OLD.disabled)
    OR OLD.role IS DISTINCT FROM NEW.role
    OR OLD.admin_code IS DISTINCT FROM NEW.admin_code
    OR (NEW.must_change_password AND NOT OLD.must_change_password))
  EXECUTE FUNCTION credentials_ended_notify('user', 'id');

-- 2. Lockout per (account, client address). One wrong password per lock period from anywhere used to keep an
--    account locked for everybody; now failures lock only the address they came from, so the owner still signs
--    in from their own. users.failed_attempts stays the account-wide count of consecutive failures and
--    users.locked_until the latest lock of any address (both shown to admins; "unlock" clears these rows too).
CREATE TABLE login_failures (
  user_id        bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  address        text NOT NULL CHECK (length(address) BETWEEN 1 AND 100),
  failures       integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
  locked_until   timestamptz,
  last_failed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, address)
);
CREATE INDEX login_failures_last_idx ON login_failures (last_failed_at);
