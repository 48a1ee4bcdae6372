/**
 * `npm run bench [-- <workload> ...]`: runs the named workloads (default: viewport), prints a table per workload
 * and writes JSON under bench/results/. Workloads: viewport (OGC items on cameras at scale 1 and 10 vs raw SQL),
 * live (socket.io feed vs a raw ws broadcast), client (time to first map, longest task while panning), analysis
 * (hotspots, grading, coverage, density with the event-loop lag; bench/analysis.ts), wall (/api/kpis
 * vs its bare SQL under simulation, and a soak of the wall page's heap and DOM).
 */
import { formatTable, writeReport, type BenchRow } from './support/report.ts';

type Workload = () => Promise<{ rows: BenchRow[]; meta: Record<string, unknown> }>;

const WORKLOADS: Record<string, Workload> = {
  viewport: async () => (await import('./viewport.ts')).runViewportBench(),
  live: async () => (await import('./live.ts')).runLiveBench(),
  client: async () => (await import('./client.ts')).runClientBench(),
  analysis: async () => (await import('./analysis.ts')).runAnalysisBench(),
  wall: async () => (await import('./wall.ts')).runWallBench(),
};

async function main(): Promise<void> {
  const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const chosen = names.length ? names : ['viewport'];
  for (const name of chosen) {
    const run = WORKLOADS[name];
    if (!run) {
      console.error(`Unknown workload "${name}". Known: ${Object.keys(WORKLOADS).join(', ')}`);
      process.exit(2);
    }
    console.log(`\n# ${name}`);
    const { rows, meta } = await run();
    console.log(formatTable(rows));
    console.log(`\nwritten: ${await writeReport(name, rows, meta)}`);
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
