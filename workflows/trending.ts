// TrendingWorkflow (schedule `trending`, hourly): one activity scores every
// artist in one SQL statement; the workflow returns the top of the list.
import { proxyActivities, setCurrentDetails } from '@temporalio/workflow';
import type { ScheduledActivities } from '../activities/scheduled';
import { scheduledRunDetails } from '../domain/operator-view';
import type { TrendingResult } from '../domain/scheduled-workflows';

const { scoreTrendingArtists } = proxyActivities<ScheduledActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 5 },
});

export async function TrendingWorkflow(): Promise<TrendingResult> {
  setCurrentDetails(scheduledRunDetails('Trending: scoring every artist', [['Phase', 'scoring']]));
  const result = await scoreTrendingArtists();
  setCurrentDetails(
    scheduledRunDetails('Trending: scored', [
      ['Scored at', result.scoredAt],
      ['Artists scored', result.artistsScored],
      ['Trending (score > 50)', result.trendingCount],
      ['Top', result.top.slice(0, 5).map((a) => `${a.name} (${a.score})`).join(', ') || '—'],
    ]),
  );
  return result;
}
