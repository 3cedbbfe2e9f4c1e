import { inject } from 'vitest';
import { startImportSystem, type ImportSystem, type ImportSystemOptions } from '../../harness/import-system';

/** startImportSystem on the Temporal server and database the global setup provides. */
export function startTestSystem(opts: Omit<ImportSystemOptions, 'temporalAddress' | 'databaseUrl'> = {}): Promise<ImportSystem> {
  return startImportSystem({ temporalAddress: inject('temporalAddress'), databaseUrl: inject('databaseUrl'), ...opts });
}
