// Search as you type must not spend Ticketmaster's daily quota: the same
// query within a minute is answered from the API's cache, while the
// "imported" flags stay fresh (they come from the database every time).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startImportSystem, type ImportSystem } from '../../harness/import-system';
import type { SearchResponse } from '../../api/contract';

let sys: ImportSystem;

beforeAll(async () => {
  sys = await startImportSystem({ temporalAddress: inject('temporalAddress'), databaseUrl: inject('databaseUrl'), worker: false });
});
afterAll(async () => {
  await sys?.stop();
});

const search = async (q: string): Promise<SearchResponse> => {
  const res = await fetch(`${sys.apiUrl}/api/search?q=${encodeURIComponent(q)}`);
  expect(res.status).toBe(200);
  return (await res.json()) as SearchResponse;
};
const ticketmasterSearches = () => sys.fakes.stats().endpoints['ticketmaster GET /attractions.json'] ?? 0;

describe('GET /api/search cache', () => {
  it('asks Ticketmaster once for repeats of a query (whatever its case and spacing), again for a new one', async () => {
    const before = ticketmasterSearches();
    const first = await search('Velvet');
    expect(first.items.map((i) => i.name)).toEqual(['Velvet Static']);
    await search('velvet');
    await search('  VELVET ');
    expect(ticketmasterSearches()).toBe(before + 1);
    await search('Glass');
    expect(ticketmasterSearches()).toBe(before + 2);
  });

  it('still reads the "imported" flag fresh on a cached answer', async () => {
    const id = `gen-${Math.floor(Math.random() * 1e8)}-e5-a2`; // an artist no other test imports
    expect((await search(id)).items[0]).toMatchObject({ tmAttractionId: id, imported: false });
    await sys.importArtist(id); // the shell row exists at once; no worker runs the import here
    expect((await search(id)).items[0]).toMatchObject({ tmAttractionId: id, imported: true });
    await sys.client.workflow.getHandle(`artist-import-${id}`).terminate('test: no worker runs it');
  });
});
