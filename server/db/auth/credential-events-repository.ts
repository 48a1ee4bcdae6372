/**
 * The `credentials_ended` channel (migration 033): the triggers on sessions, api_tokens and users NOTIFY it
 * when a credential ends or changes; every server process listens here and ends that credential's sockets.
 */
import type { Database } from '../core/database.ts';
import { parseCredentialEnded, type CredentialEnded } from '../../auth/credential-events.ts';

export const CREDENTIALS_CHANNEL = 'credentials_ended';

/**
 * Calls onEnded for each well-formed event; onReconnect after a lost LISTEN connection came back (events may
 * have been missed meanwhile: re-check every socket). The returned function stops listening.
 */
export function listenCredentialsEnded(
  db: Database,
  onEnded: (e: CredentialEnded) => void,
  onReconnect: () => void,
): Promise<() => Promise<void>> {
  return db.listen(
    CREDENTIALS_CHANNEL,
    (payload) => {
      const e = parseCredentialEnded(payload);
      if (e) onEnded(e);
    },
    onReconnect,
  );
}
