/**
 * The page layouts a route picks (./routes.ts). The map element is made once by the shell and placed in
 * the same spot by every desk route, so moving between /, /dispatch and /analysis keeps the map.
 *   DeskLayout   top bar; the route's side panel; the map; the feature card
 *   KioskLayout  the map alone, nothing to press (a wall display)
 */
import type { ReactNode } from 'react';
import { FeatureCard } from '../features/card/FeatureCard.tsx';
import type { RouteDef } from './routes.ts';
import { TopBar } from './TopBar.tsx';

interface LayoutProps {
  route: RouteDef;
  map: ReactNode;
}

/** `aside`: a right-hand column beside the map (the dispatch console's incident card). */
export function DeskLayout({ route, map, panel, aside }: LayoutProps & { panel: ReactNode; aside?: ReactNode }) {
  return (
    <div className="shell" data-testid="layout" data-layout="desk" data-route={route.id}>
      <TopBar />
      <main className="stage">
        {panel}
        {map}
        {aside}
        <FeatureCard />
      </main>
    </div>
  );
}

export function KioskLayout({ route, map }: LayoutProps) {
  return (
    <div className="shell kiosk" data-testid="layout" data-layout="kiosk" data-route={route.id}>
      <main className="stage">{map}</main>
    </div>
  );
}
