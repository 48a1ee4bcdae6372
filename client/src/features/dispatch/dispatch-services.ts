/**
 * The console's own collaborators, made once per page from the shell's services: the dispatch API (over the
 * page's credentials) and the alert sound. No module singletons: a WeakMap keyed by the shell's services.
 */
import { useServices, type Services } from '../../app/services.ts';
import { createDispatchApi, type DispatchApi } from '../../net/dispatch-api.ts';
import { createAnnouncer, type Announcer } from './announcer.ts';

/** What the open card can do for the keyboard (registered by card/IncidentCard.tsx while it is open). */
export interface CardCommands {
  accept(): Promise<void>;
  dispatchFirst(): Promise<void>;
}

export interface DispatchServices {
  api: DispatchApi;
  announcer: Announcer;
  commands: { current: CardCommands | null };
}

const made = new WeakMap<Services, DispatchServices>();

export function useDispatchServices(): DispatchServices {
  const services = useServices();
  let d = made.get(services);
  if (!d) {
    d = { api: createDispatchApi(services.credentials), announcer: createAnnouncer(typeof window === 'undefined' ? null : window), commands: { current: null } };
    made.set(services, d);
  }
  return d;
}
