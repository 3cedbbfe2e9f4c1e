import type { Prisma } from '../generated/prisma/client';
import type { ImportProgress } from '../workflows/definitions';
import type { ActivityDeps } from './deps';

const json = (v: unknown) => v as Prisma.InputJsonValue;

/** Phase 5 (and the start and end of every run): the import's record, and the artist's import status. */
export function createImportRunActivities(deps: ActivityDeps) {
  return {
    async recordImportRun(progress: ImportProgress): Promise<void> {
      const finished = progress.status !== 'running';
      const data = {
        status: progress.status,
        phase: progress.phase,
        counts: json(progress.counts),
        timings: json(progress.timings),
        filters: json(progress.filters ?? {}),
        warnings: json(progress.warnings),
        error: progress.error ? `${progress.error.phase}: ${progress.error.message}` : null,
        finishedAt: progress.finishedAt ? new Date(progress.finishedAt) : null,
      };
      await deps.db.$transaction([
        deps.db.importRun.upsert({
          where: { runId: progress.runId },
          create: {
            ...data,
            runId: progress.runId,
            workflowId: progress.workflowId,
            artistId: progress.artistId,
            startedAt: new Date(progress.startedAt),
          },
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
      if (finished) deps.logger.info({ workflowId: progress.workflowId, status: progress.status }, 'import run recorded');
    },
  };
}
