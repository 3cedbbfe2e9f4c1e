// `npm run chaos`: the fault suite at full size (harness/chaos/) on a private
// Temporal dev server and a fresh database (as `npm test` starts them), plus,
// for the PostgreSQL and Temporal restarts, a cluster and a server of its own.
// Prints a table — fault, imports started, completed, failed, rows duplicated,
// rows lost, longest stall — and writes every detail to .local/chaos.json.
// Exit code 1 when any fault's expectations were not met.
//   npm run chaos                        every fault
//   npm run chaos -- worker storms       only these (worker api postgres temporal storms poison)
import path from 'node:path';
import { startLocalServices } from '../harness/local-services';
import { formatMarkdownTable, formatTable, passed } from '../harness/chaos/outcome';
import { FAULTS, FULL_SIZES, runChaos, writeChaosReport, type FaultName } from '../harness/chaos/run';

const REPORT = path.resolve(import.meta.dirname, '..', '.local', 'chaos.json');

async function main(): Promise<void> {
  const only = process.argv.slice(2) as FaultName[];
  const unknown = only.filter((f) => !FAULTS.includes(f));
  if (unknown.length > 0) throw new Error(`unknown fault ${unknown.join(', ')}; choose from ${FAULTS.join(' ')}`);
  const services = await startLocalServices('chaos');
  let results;
  try {
    const databaseName = decodeURIComponent(new URL(services.databaseUrl).pathname.slice(1));
    results = await runChaos({
      temporalAddress: services.temporalAddress,
      // The run's database URL may create databases (startLocalServices created it with the same rights).
      adminUrl: services.databaseUrl,
      label: databaseName,
      temporalCliPath: services.temporalCliPath,
      runDir: path.resolve(import.meta.dirname, '..', '.local', 'chaos-runs'),
      sizes: FULL_SIZES,
      only: only.length > 0 ? only : undefined,
    });
  } finally {
    await services.stop();
  }
  writeChaosReport(REPORT, results, FULL_SIZES);
  process.stdout.write(`\n${formatTable(results)}\n\n${formatMarkdownTable(results)}\n\n`);
  for (const r of results) {
    process.stdout.write(`${r.fault}: ${r.scenario}\n`);
    for (const p of r.problems) process.stdout.write(`  ✗ ${p}\n`);
  }
  process.stdout.write(`\nwritten to ${path.relative(process.cwd(), REPORT)}\n`);
  if (!results.every(passed)) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
