// The fan's words for an import's phase (web/src/lib/words.ts): one phase, or two side by side.
import { describe, expect, it } from 'vitest';
import { endPhase, initialProgress, startPhase, type ImportProgress } from '../../domain/progress';
import { phaseWords, stepWords } from '../../web/src/lib/words';

const T0 = new Date('2030-01-01T10:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

function afterIdentity(): ImportProgress {
  const queued = initialProgress({
    version: 1,
    workflowId: 'artist-import-K1',
    runId: 'run-1',
    artistId: 'artist-1',
    tmAttractionId: 'K1',
    artistName: 'The Band',
    message: 'Import queued',
    startedAt: T0.toISOString(),
  });
  return endPhase(startPhase(queued, 'identity', 'Identity', at(1)), at(2));
}

describe('the phase in words', () => {
  it('names both phases, and both steps, while shows and catalog run side by side', () => {
    const both = startPhase(startPhase(afterIdentity(), 'shows', 'Shows', at(3)), 'catalog', 'Catalog', at(3));
    expect(phaseWords(both)).toBe('Importing shows and venues while building the studio song list');
    expect(stepWords(both)).toBe('steps 2 and 3 of 5');
  });

  it('names the one still running once the other has ended', () => {
    const both = startPhase(startPhase(afterIdentity(), 'shows', 'Shows', at(3)), 'catalog', 'Catalog', at(3));
    const catalogOnly = endPhase(both, at(4), 'shows');
    expect(phaseWords(catalogOnly)).toBe('Building the studio song list');
    expect(stepWords(catalogOnly)).toBe('step 3 of 5');
  });
});
