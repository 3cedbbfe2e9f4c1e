// `npm run schedules`: creates or updates the Temporal Schedules exactly as the
// worker does on start, then prints each with its next run times.
// `npm run schedules -- --list` only prints them.
import { Client, Connection } from '@temporalio/client';
import { loadEnv } from '../config/env';
import { SCHEDULE_IDS } from '../domain/scheduled-workflows';
import { describeSchedules, ensureSchedules, schedulesConfig } from '../worker/schedules';

async function main(): Promise<void> {
  // This script talks to Temporal only; DATABASE_URL is required by the shared schema, not used here.
  const env = loadEnv({ DATABASE_URL: 'unused-by-this-script', ...process.env });
  const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
  try {
    const client = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });
    if (!process.argv.includes('--list')) {
      const changes = await ensureSchedules(client, schedulesConfig(env));
      for (const [id, change] of Object.entries(changes)) console.log(`${id}: ${change}`);
    }
    for (const s of await describeSchedules(client, SCHEDULE_IDS)) {
      console.log(`\n${s.id}  (${s.workflowType ?? '?'})${s.paused ? `  PAUSED: ${s.note ?? ''}` : ''}`);
      for (const t of s.nextActionTimes.slice(0, 3)) console.log(`  next run ${t}`);
    }
  } finally {
    await connection.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
