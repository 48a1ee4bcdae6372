/**
 * The signed-in principal, for everything inside the auth gate: who (from GET /api/auth/me or the login
 * answer), a generation that grows with each sign-in (the live feed and tiles restart on it), and sign-out.
 */
import { createContext, useContext } from 'react';
import type { Me } from '../../net/api.ts';

export interface Session {
  me: Me;
  /** 1 at the first sign-in of this principal; +1 after each re-login (e.g. after the session expired). */
  generation: number;
  /** False while the login screen covers the app after a 401 (the app stays mounted underneath). */
  active: boolean;
  signOut(): Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('SessionContext is missing: render inside <AuthGate>');
  return s;
}
