// The services every other suite relies on: a migrated database and a Temporal
// dev server that knows the import's search attributes.
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { diffMigrationsToSchema } from '../../prisma/diff';
import { applyMigrations } from '../../prisma/migrate';
import { readMigrations } from '../../prisma/schema-engine';

const IndexedValueType = temporal.api.enums.v1.IndexedValueType;

describe('database', () => {
  const client = new pg.Client({ connectionString: inject('databaseUrl') });
  beforeAll(() => client.connect());
  afterAll(() => client.end());

  it('has every table of the schema', async () => {
    const { rows } = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    expect(rows.map((r) => r.table_name)).toEqual(
      ['Artist', 'ArtistSong', 'ImportRun', 'RateLimit', 'Setlist', 'SetlistSong', 'Show', 'Song', 'StagedCatalogAlbum', 'StagedCatalogTrack', 'Venue', 'Vote', '_prisma_migrations'].sort(),
    );
  });

  it('records every migration as applied, like prisma migrate deploy', async () => {
    const onDisk = (await readMigrations()).migrationDirectories.map((d) => d.path);
    const { rows } = await client.query<{ migration_name: string; finished_at: Date | null; checksum: string }>(
      'SELECT migration_name, finished_at, checksum FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(rows.map((r) => r.migration_name)).toEqual(onDisk);
    for (const row of rows) {
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('applies nothing the second time', async () => {
    const again = await applyMigrations(inject('databaseUrl'));
    expect(again).toMatchObject({ applied: [], createdDatabase: false });
  });

  it('holds the whole of schema.prisma in the migrations', async () => {
    // A schema edit without `npm run db:diff -- --name …` fails here.
    const { sql } = await diffMigrationsToSchema(inject('databaseUrl'));
    expect(sql).toBe('');
  });
});

describe('temporal dev server', () => {
  let connection: Connection;
  beforeAll(async () => {
    connection = await Connection.connect({ address: inject('temporalAddress') });
  });
  afterAll(() => connection?.close());

  it('answers', async () => {
    const info = await connection.workflowService.getSystemInfo({});
    expect(info.serverVersion).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('knows the search attributes of the import workflow', async () => {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({
      namespace: inject('temporalNamespace'),
    });
    expect(customAttributes).toMatchObject({
      ArtistName: IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
      TmAttractionId: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
      ImportPhase: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
    });
  });
});
