// The fans' web app in a real browser (chromium via playwright-core), served by
// the API of the whole import system (fake providers, worker, Temporal,
// PostgreSQL). Each test does what a fan does and checks what the fan sees.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startImportSystem, type ImportSystem } from '../../harness/import-system';
import { launchBrowser, type TestBrowser } from './browser';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const SCREENSHOTS = path.join(repoRoot, '.local', 'screenshots');
const TEMPORAL_UI = 'http://127.0.0.1:8233';
const IMPORT_TIMEOUT = 60_000;

let sys: ImportSystem;
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  [sys, browser] = await Promise.all([
    startImportSystem({
      temporalAddress: inject('temporalAddress'),
      databaseUrl: inject('databaseUrl'),
      webAppDir: path.join(repoRoot, 'web', 'dist'),
      temporalUiUrl: TEMPORAL_UI,
    }),
    launchBrowser(),
  ]);
  page = await browser.context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await sys?.stop();
});

function importCard(name: string): Locator {
  return page.getByTestId('import-card').filter({ has: page.getByRole('heading', { name }) });
}

async function searchAndImport(query: string, names: string[]): Promise<void> {
  await page.goto(sys.apiUrl);
  await page.getByLabel('Artist name').fill(query);
  for (const name of names) await page.getByRole('checkbox', { name: new RegExp(name) }).check();
  await page.getByRole('button', { name: `Import ${names.length} artist${names.length === 1 ? '' : 's'}` }).click();
}

/** Searches, imports the first result alone and returns its name as the results list showed it. */
async function searchAndImportFirst(query: string): Promise<string> {
  await page.goto(sys.apiUrl);
  await page.getByLabel('Artist name').fill(query);
  await page.getByRole('checkbox').first().check();
  const name = (await page.locator('.result .result-name').first().innerText()).trim();
  await page.getByRole('button', { name: 'Import 1 artist' }).click();
  return name;
}


/** Waits for what the fan should see; when it does not come, the page as it was is kept for diagnosis. */
async function waitVisible(locator: Locator, label: string, timeout = IMPORT_TIMEOUT): Promise<void> {
  try {
    await locator.waitFor({ timeout });
  } catch (error) {
    await page.screenshot({ path: path.join(SCREENSHOTS, `failure-${label}.png`), fullPage: true }).catch(() => {});
    throw error;
  }
}

async function hasNoHorizontalScroll(): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

describe('the fans’ web app', () => {
  it('is served by the API: every page path gets the app, API paths keep their JSON 404', async () => {
    for (const pagePath of ['/', '/artists/any-artist']) {
      const res = await fetch(`${sys.apiUrl}${pagePath}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await res.text()).toContain('<div id="root">');
      expect(res.headers.get('cache-control')).toBe('no-cache'); // a new build reaches the browser at once
    }
    for (const apiPath of ['/api/nothing-here', '/assets/missing.js']) {
      expect((await fetch(`${sys.apiUrl}${apiPath}`)).status).toBe(404);
    }
    expect(await (await fetch(`${sys.apiUrl}/api/nothing-here`)).json()).toMatchObject({ error: 'not_found' });
    expect(await (await fetch(`${sys.apiUrl}/api/config`)).json()).toEqual({ temporalUiUrl: TEMPORAL_UI, temporalNamespace: 'default' });
  });

  it('searches, imports three artists as a batch and shows one bar each until all three complete (and after a reload)', async () => {
    // A little provider latency, so the bars are seen moving through the phases.
    sys.fakes.control.setLatency(40, 'spotify');
    sys.fakes.control.setLatency(40, 'ticketmaster');
    try {
      const names = ['Velvet Static', 'Nowhere Radio', 'Glass Meridian'];
      await searchAndImport('a', names);
      for (const name of names) await importCard(name).waitFor();
      expect(await page.getByTestId('import-card').count()).toBe(3);

      // Mid-import: a bar past its first phase, named in words.
      await page.getByTestId('import-phase').filter({ hasText: /Importing shows|Building the studio song list|Predicting setlists/ }).first().waitFor({ timeout: IMPORT_TIMEOUT });
      await page.waitForTimeout(450); // the bar's width animation (0.4 s) catches up with the percent
      await page.screenshot({ path: path.join(SCREENSHOTS, 'batch-progress-mid.png'), fullPage: true });

      for (const name of names) {
        const card = importCard(name);
        await waitVisible(card.getByText('Import complete'), 'batch-import');
        expect(await card.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
        expect(await card.innerText()).toMatch(/\d+ shows · \d+ venues · \d+ songs/);
        expect(await card.innerText()).toMatch(/Finished in \d/);
        // Operators: the import's workflow in the Temporal UI.
        expect(await card.getByRole('link', { name: 'Workflow in Temporal UI' }).getAttribute('href')).toMatch(
          new RegExp(`^${TEMPORAL_UI}/namespaces/default/workflows/artist-import-fake-`),
        );
      }
      // No Spotify match: completes, and says why in plain words.
      await importCard('Nowhere Radio').getByText(/notes? about this import/).click();
      expect(await importCard('Nowhere Radio').innerText()).toMatch(/No Spotify artist named "Nowhere Radio"/);
      await page.waitForTimeout(450);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'batch-progress-done.png'), fullPage: true });

      // The bars survive a reload (the stream of a finished import sends its final state).
      await page.reload();
      for (const name of names) await importCard(name).getByText('Import complete').waitFor({ timeout: 15_000 });

      await page.setViewportSize({ width: 375, height: 800 });
      expect(await hasNoHorizontalScroll()).toBe(true);
      await page.waitForTimeout(450);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'phone-home.png'), fullPage: true });
      await page.setViewportSize({ width: 1280, height: 900 });
    } finally {
      sys.fakes.control.setLatency(0, 'spotify');
      sys.fakes.control.setLatency(0, 'ticketmaster');
    }
  }, 120_000);

  it('cancels a running import from its bar: the bar says cancelled', async () => {
    sys.fakes.control.setLatency(150, 'ticketmaster');
    try {
      const name = await searchAndImportFirst('gen-81-e1200-a10');
      const card = importCard(name);
      await card.getByTestId('import-phase').filter({ hasText: 'Importing shows and venues' }).waitFor({ timeout: IMPORT_TIMEOUT });
      await card.getByRole('button', { name: 'Cancel import' }).click();
      await waitVisible(card.getByText('Import cancelled'), 'cancelled-import');
      expect(await card.getAttribute('data-status')).toBe('cancelled');
    } finally {
      sys.fakes.control.setLatency(0, 'ticketmaster');
    }
  }, 120_000);

  it('works from the keyboard, and an artist page opened mid-import shows its bar and fills in when done', async () => {
    // Slow enough that the import is still running when its page opens.
    sys.fakes.control.setLatency(150, 'ticketmaster');
    sys.fakes.control.setLatency(60, 'spotify');
    try {
      await page.goto(sys.apiUrl);
      const tabTo = async (isTarget: () => Promise<boolean>) => {
        for (let i = 0; i < 15 && !(await isTarget()); i++) await page.keyboard.press('Tab');
        expect(await isTarget()).toBe(true);
        // The focused control shows it.
        expect(await page.evaluate(() => (document.activeElement ? getComputedStyle(document.activeElement).outlineStyle : 'none'))).not.toBe('none');
      };
      await tabTo(() => page.getByLabel('Artist name').evaluate((el) => el === document.activeElement));
      await page.keyboard.type('gen-84-e1200-a30');
      const checkbox = page.getByRole('checkbox').first();
      await checkbox.waitFor();
      await tabTo(() => checkbox.evaluate((el) => el === document.activeElement));
      await page.keyboard.press('Space');
      const name = (await page.locator('.result .result-name').first().innerText()).trim();
      const importButton = page.getByRole('button', { name: 'Import 1 artist' });
      await tabTo(() => importButton.evaluate((el) => el === document.activeElement));
      await page.keyboard.press('Enter');

      const cardLink = importCard(name).getByRole('link', { name });
      await cardLink.waitFor();
      await cardLink.focus();
      await page.keyboard.press('Enter');
      const inPlace = page.getByRole('region', { name: 'Import in progress' });
      await inPlace.getByRole('progressbar').waitFor();
      await page.getByRole('heading', { level: 1, name }).waitFor();
      await page.screenshot({ path: path.join(SCREENSHOTS, 'artist-page-importing.png') });
      // When the import ends the bar gives way to the shows and songs.
      await page.getByRole('region', { name: /Upcoming shows/ }).locator('.show').first().waitFor({ timeout: IMPORT_TIMEOUT });
      expect(await inPlace.count()).toBe(0);
    } finally {
      sys.fakes.control.setLatency(0, 'ticketmaster');
      sys.fakes.control.setLatency(0, 'spotify');
    }
  }, 120_000);

  it('follows an import by polling /status when the stream cannot be opened', async () => {
    await page.route('**/api/artists/*/stream**', (route) => route.fulfill({ status: 503, body: 'unavailable' }));
    sys.fakes.control.setLatency(100, 'ticketmaster');
    try {
      const name = await searchAndImportFirst('gen-83-e300-a3');
      const card = importCard(name);
      await card.getByText('checking every few seconds').waitFor({ timeout: 15_000 });
      await card.getByText('Import complete').waitFor({ timeout: IMPORT_TIMEOUT });
    } finally {
      sys.fakes.control.setLatency(0, 'ticketmaster');
      await page.unroute('**/api/artists/*/stream**');
    }
  }, 120_000);

  it('shows a failed import with its reason in words', async () => {
    const id = 'gen-82-e5-a2';
    // Ticketmaster no longer knows the attraction it listed in the search.
    sys.fakes.control.injectFault({ provider: 'ticketmaster', pathIncludes: `/attractions/${id}`, status: 404, count: 20 });
    const name = await searchAndImportFirst(id);
    const card = importCard(name);
    await waitVisible(card.getByText('Import failed'), 'failed-import');
    expect(await card.getByRole('alert').innerText()).toMatch(new RegExp(`Ticketmaster has no attraction with id ${id}`));
  }, 120_000);

  it('opens an artist page by its link with shows, songs and a setlist; a vote counts once per browser', async () => {
    const { artistId } = await sys.importArtist('fake-small');
    await sys.finalProgress('fake-small');
    const artist = await sys.db.artist.findUniqueOrThrow({ where: { id: artistId } });
    // The shell's link (tm-<id>) lands on the artist's own slug.
    await page.goto(`${sys.apiUrl}/artists/tm-fake-small`);
    await page.getByRole('heading', { level: 1, name: 'Velvet Static' }).waitFor();
    await page.waitForURL(`${sys.apiUrl}/artists/${artist.slug}`);

    const upcoming = page.getByRole('region', { name: /Upcoming shows/ });
    const past = page.getByRole('region', { name: /Past shows/ });
    const songs = page.getByRole('region', { name: /Studio songs/ });
    await upcoming.locator('.show').first().waitFor();
    await past.locator('.show').first().waitFor();
    await songs.locator('.song').first().waitFor();
    const dbUpcoming = await sys.db.show.count({ where: { artistId, status: 'upcoming' } });
    expect(await upcoming.locator('.show').count()).toBe(Math.min(dbUpcoming, 10));
    expect(await upcoming.getByRole('link', { name: /Tickets/ }).count()).toBeGreaterThan(0);
    const songCount = await sys.db.artistSong.count({ where: { artistId } });
    expect(await songs.innerText()).toContain(`Studio songs ${songCount}`);

    // Song search narrows the list to matches.
    const firstSong = (await songs.locator('.song-name').first().innerText()).trim();
    await songs.getByLabel('Search songs').fill(firstSong);
    for (const shown of await songs.locator('.song-name').allInnerTexts()) expect(shown.toLowerCase()).toContain(firstSong.toLowerCase());
    await songs.getByLabel('Search songs').fill('');

    // Vote: the count goes up by one.
    const entry = page.getByTestId('setlist-song').first();
    await entry.waitFor();
    const before = Number(await entry.getByTestId('vote-count').innerText());
    await entry.getByRole('button', { name: /^Vote for / }).click();
    await entry.getByText('Vote counted').waitFor();
    expect(Number(await entry.getByTestId('vote-count').innerText())).toBe(before + 1);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'artist-page.png'), fullPage: true });

    // The same browser again, after a reload: the vote does not count twice.
    await page.reload();
    const again = page.getByTestId('setlist-song').first();
    await again.waitFor();
    expect(await again.getByRole('button', { name: /^Vote for / }).getAttribute('aria-pressed')).toBe('true');
    await again.getByRole('button', { name: /^Vote for / }).click();
    await again.getByText('You already voted for this song').waitFor();
    expect(Number(await again.getByTestId('vote-count').innerText())).toBe(before + 1);

    await page.setViewportSize({ width: 375, height: 800 });
    expect(await hasNoHorizontalScroll()).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'phone-artist-page.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  }, 120_000);
});
