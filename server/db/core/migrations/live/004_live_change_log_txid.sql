-- Numbering at commit looked for the transaction's unnumbered records through a partial index on
-- `seq IS NULL`. Every numbered record leaves a dead entry in that index until vacuum, so under a steady
-- write rate each commit walked thousands of dead entries (measured: 40-row UPDATEs took ~1 s at
-- 500 changes/s). Key the pending records by their transaction id instead: a commit now visits only
-- its own entries.
ALTER TABLE change_log ADD COLUMN txid xid8;
ALTER TABLE change_log ALTER COLUMN txid SET DEFAULT pg_current_xact_id();
DROP INDEX change_log_unnumbered_idx;
CREATE INDEX change_log_pending_idx ON change_log (txid, id) WHERE seq IS NULL;

CREATE OR REPLACE FUNCTION live_number_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  me xid8 := pg_current_xact_id();
BEGIN
  IF NOT EXISTS (SELECT 1 FROM change_log WHERE txid = me AND seq IS NULL) THEN
    RETURN NULL; -- already numbered by an earlier firing in this transaction
  END IF;
  PERFORM pg_advisory_xact_lock(410500003);
  WITH pending AS (
    SELECT id, nextval('change_log_seq') AS seq
    FROM (SELECT id FROM change_log WHERE txid = me AND seq IS NULL ORDER BY id) o
  )
  UPDATE change_log c SET seq = p.seq, committed_at = clock_timestamp()
  FROM pending p WHERE c.id = p.id;
  PERFORM pg_notify('live_changes', currval('change_log_seq')::text);
  RETURN NULL;
END
$$;
