/**
 * Who is using the page, before the map: GET /api/auth/me with the session cookie or a wall display's
 * token. 401 → the login screen; 200 → the app. When something later gets a 401 (API, tiles, socket), the
 * login screen covers the app but the app stays mounted (map view, layers, filters survive); signing in
 * again as the same principal continues where it was, another principal gets a fresh app. A person whose
 * password was set by someone else gets the change-password screen first (the server gives them no data).
 */
import { Fragment, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { MessageKey } from '../../i18n/index.ts';
import type { Me } from '../../net/api.ts';
import { useServices } from '../../app/services.ts';
import { useI18n } from '../../app/use-i18n.ts';
import { expiryNotice, identityKey, mustChangePassword } from './auth-model.ts';
import { ChangePasswordScreen } from './ChangePasswordScreen.tsx';
import { LoginScreen } from './LoginScreen.tsx';
import { SessionContext, type Session } from './session.ts';

type Phase =
  | { kind: 'checking' }
  | { kind: 'signed-out'; notice: MessageKey | null }
  | { kind: 'signed-in'; me: Me; generation: number; expired: MessageKey | null };

export function AuthGate({ children }: { children: ReactNode }) {
  const { api, credentials, store } = useServices();
  const { t } = useI18n();
  const [phase, setPhase] = useState<Phase>({ kind: 'checking' });
  const current = useRef(phase);
  current.current = phase;

  useEffect(() => {
    if (phase.kind !== 'checking') return;
    const ctl = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = () =>
      api.me(ctl.signal).then(
        (me) => setPhase({ kind: 'signed-in', me, generation: 1, expired: null }),
        (err: { name?: string; status?: number }) => {
          if (err.name === 'AbortError') return;
          if (err.status !== 401) {
            timer = setTimeout(check, 3000); // the server is unreachable or starting: ask again
            return;
          }
          const hadToken = credentials.token() !== null;
          if (hadToken) credentials.clearToken();
          setPhase({ kind: 'signed-out', notice: hadToken ? 'auth.tokenRejected' : null });
        },
      );
    void check();
    return () => {
      ctl.abort();
      clearTimeout(timer);
    };
  }, [api, credentials, phase.kind]);

  useEffect(
    () =>
      credentials.onUnauthorized(() => {
        const hadToken = credentials.token() !== null;
        if (hadToken) credentials.clearToken();
        setPhase((p) => (p.kind === 'signed-in' && !p.expired ? { ...p, expired: expiryNotice(hadToken) } : p));
      }),
    [credentials],
  );

  /** Drops everything the last principal received (units, live overlay, counts, selection, view). */
  const forgetView = useCallback(() => store.dispatch({ type: 'resetSession' }), [store]);

  const onSignedIn = useCallback(
    (me: Me) => {
      const p = current.current;
      if (p.kind === 'signed-in' && identityKey(p.me) === identityKey(me)) {
        setPhase({ kind: 'signed-in', me, generation: p.generation + 1, expired: null });
        return;
      }
      forgetView();
      setPhase({ kind: 'signed-in', me, generation: 1, expired: null });
    },
    [forgetView],
  );

  const signOut = useCallback(async () => {
    await api.logout().catch((err: unknown) => console.warn('[auth] logout', err));
    forgetView();
    setPhase({ kind: 'signed-out', notice: 'auth.signedOut' });
  }, [api, forgetView]);

  const passwordChanged = useCallback(() => {
    api.me().then(
      (me) => setPhase({ kind: 'signed-in', me, generation: 1, expired: null }),
      () => setPhase({ kind: 'checking' }),
    );
  }, [api]);

  const session = useMemo<Session | null>(
    () => (phase.kind === 'signed-in' ? { me: phase.me, generation: phase.generation, active: !phase.expired, signOut } : null),
    [phase, signOut],
  );

  if (phase.kind === 'checking') {
    return (
      <div className="ready-gate" data-testid="auth-checking">
        <h1>{t('app.title')}</h1>
        <p>{t('auth.checking')}</p>
      </div>
    );
  }
  if (phase.kind === 'signed-out' || !session) return <LoginScreen notice={phase.kind === 'signed-out' ? phase.notice : null} onSignedIn={onSignedIn} />;
  if (mustChangePassword(session.me)) return <ChangePasswordScreen me={session.me} onChanged={passwordChanged} onSignOut={() => void signOut()} />;
  return (
    <SessionContext.Provider value={session}>
      <Fragment key={identityKey(session.me)}>{children}</Fragment>
      {phase.kind === 'signed-in' && phase.expired && <LoginScreen overlay notice={phase.expired} onSignedIn={onSignedIn} />}
    </SessionContext.Provider>
  );
}
