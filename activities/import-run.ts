import type { Prisma } from '../generated/prisma/client';
import type { ImportProgress } from '../domain/progress';
import { progressToRecord } from '../domain/progress-record';
import type { ActivityDeps } from './deps';

const json = (v: unknown) => v as Prisma.InputJsonValue;

/** Phase 5 (and the start and end of every run): the import's record, and the artist's import status. */
export function createImportRunActivities(deps: ActivityDeps) {
  return {
    async recordImportRun(progress: ImportProgress): Promise<void> {
      const { workflowId, runId, startedAt, ...row } = progressToRecord(progress);
      const data = {
        ...row,
        counts: json(row.counts),
        timings: json(row.timings),
        filters: json(row.filters),
        warnings: json(row.warnings),
      };
      await deps.db.$transaction([
        deps.db.importRun.upsert({
          where: { runId },
          create: { ...data, runId, workflowId, startedAt, artistId: progress.artistId },
          update: data,
        }),
        deps.db.artist.update({
          where: { id: progress.artistId },
          data: {
            importStatus: progress.status,
            ...(progress.status === 'completed' ? { importedAt: new Date(progress.finishedAt ?? Date.now()) } : {}),
          },
        }),
      ]);
      if (progress.status !== 'running') deps.logger.info({ workflowId, status: progress.status }, 'import run recorded');
    },
  };
}
