/**
 * `npm run bench [-- <workload> ...]`: runs the named workloads (default: viewport), prints a table per workload
 * and writes JSON under bench/results/. Workloads: viewport (OGC items on cameras at scale 1 and 10 vs raw SQL),
 * live (socket.io feed vs a raw ws broadcast), client (time to first map, longest task while panning), dispatch
 * (recommendation and assignment latency vs the bare KNN query, seeded and 10× units, 50 concurrent dispatchers).
 */
import { formatTable, writeReport, type BenchRow } from './support/report.ts';

type Workload = () => Promise<{ rows: BenchRow[]; meta: Record<string, unknown> }>;

const WORKLOADS: Record<string, Workload> = {
  viewport: async () => (await import('./viewport.ts')).runViewportBench(),
  live: async () => (await import('./live.ts')).runLiveBench(),
  client: async () => (await import('./client.ts')).runClientBench(),
  dispatch: async () => (await import('./dispatch.ts')).runDispatchBench(),
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
