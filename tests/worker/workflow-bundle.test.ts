// The worker built ahead (`npm run build:server`): the workflow bundle
// (worker/workflow-bundle.ts) and the compiled worker (build/compiled-entry.ts),
// each written with the list of its inputs. A bundle whose sources changed, or
// that has no inputs list, is not run (the worker bundles the current sources
// at start and logs why); a compiled worker whose sources changed does not start.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildCompiledEntry } from '../../build/compiled-entry';
import { inputsPathOf } from '../../build/inputs';
import { buildWorkflowBundle, currentWorkflowBundle, writeWorkflowBundle } from '../../worker/workflow-bundle';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'workflow-bundle-test-'));
const bundlePath = path.join(dir, 'workflow-bundle.js');
// A compiled entry point must sit in a directory directly under the repository.
const workerPath = path.join(repoRoot, '.local', `worker-build-test-${process.pid}.mjs`);
const apiPath = path.join(repoRoot, '.local', `api-build-test-${process.pid}.mjs`);
let pristineInputs = '';

beforeAll(async () => {
  await writeWorkflowBundle(bundlePath, await buildWorkflowBundle());
  pristineInputs = readFileSync(inputsPathOf(bundlePath), 'utf8');
  await buildCompiledEntry('worker/main.ts', workerPath);
  await buildCompiledEntry('api/main.ts', apiPath);
}, 180_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  for (const file of [workerPath, apiPath]) for (const built of [file, inputsPathOf(file)]) rmSync(built, { force: true });
});

/** A logger that keeps its lines. */
function recordingLogger() {
  const lines: Array<{ level: number; msg: string; reason?: string }> = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

function withInputs(edit: (files: Record<string, string>) => void): void {
  const inputs = JSON.parse(pristineInputs) as { files: Record<string, string> };
  edit(inputs.files);
  writeFileSync(inputsPathOf(bundlePath), JSON.stringify(inputs));
}

it('lists the workflow sources and the domain code they import among the inputs, and runs a bundle whose inputs are unchanged', async () => {
  const files = Object.keys((JSON.parse(pristineInputs) as { files: Record<string, string> }).files);
  expect(files).toContain(path.join('workflows', 'artist-import.ts'));
  expect(files).toContain(path.join('domain', 'progress.ts'));
  expect(files.some((f) => f.includes(path.join('@temporalio', 'workflow')))).toBe(true);
  expect(readFileSync(bundlePath, 'utf8')).toContain('__TEMPORAL__');

  const { logger, lines } = recordingLogger();
  expect(await currentWorkflowBundle(bundlePath, logger)).toEqual({ codePath: bundlePath });
  expect(lines.filter((l) => l.level >= 40)).toEqual([]);
});

it('does not run a bundle one of whose sources changed since it was built, and says which', async () => {
  // As if workflows/artist-import.ts had been edited after the build: its recorded hash no longer matches.
  withInputs((files) => {
    files[path.join('workflows', 'artist-import.ts')] = '0'.repeat(64);
  });
  const { logger, lines } = recordingLogger();
  expect(await currentWorkflowBundle(bundlePath, logger)).toBeUndefined();
  const warning = lines.find((l) => l.level === 40);
  expect(warning?.msg).toContain('the workflow bundle is not run');
  expect(warning?.reason).toContain(path.join('workflows', 'artist-import.ts'));
});

it('does not run a bundle built from a file that is gone', async () => {
  withInputs((files) => {
    files[path.join('workflows', 'removed-since.ts')] = '0'.repeat(64);
  });
  const { logger, lines } = recordingLogger();
  expect(await currentWorkflowBundle(bundlePath, logger)).toBeUndefined();
  expect(lines.find((l) => l.level === 40)?.reason).toContain(`${path.join('workflows', 'removed-since.ts')} (gone)`);
});

it('does not run a bundle without its inputs list, nor one that does not exist', async () => {
  rmSync(inputsPathOf(bundlePath));
  const first = recordingLogger();
  expect(await currentWorkflowBundle(bundlePath, first.logger)).toBeUndefined();
  expect(first.lines.find((l) => l.level === 40)?.reason).toContain('npm run build:server');

  const second = recordingLogger();
  expect(await currentWorkflowBundle(path.join(dir, 'no-such-bundle.js'), second.logger)).toBeUndefined();
  expect(second.lines.find((l) => l.level === 40)?.reason).toContain('no such file');
});

it('bundles at start when no bundle is given, and says what that costs', async () => {
  const { logger, lines } = recordingLogger();
  expect(await currentWorkflowBundle(undefined, logger)).toBeUndefined();
  expect(lines.find((l) => l.level === 30)?.msg).toContain('npm run build:server');
});

/** Runs a compiled entry point with no configuration at all: it gets as far as its checks. */
async function runCompiled(file: string): Promise<{ code: number | null; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [file], { cwd: repoRoot, env: { PATH: process.env.PATH ?? '' }, timeout: 60_000 });
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const failed = err as { code?: number | null; stdout?: string; stderr?: string };
    return { code: failed.code ?? null, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

const compiled = [
  { entry: 'worker/main.ts', file: () => workerPath, sources: ['worker/main.ts', 'activities/catalog-staging.ts', 'db/catalog-staging.ts', 'worker/v8-flags.ts', 'config/v8-flags.ts'] },
  { entry: 'api/main.ts', file: () => apiPath, sources: ['api/main.ts', 'api/progress-stream.ts', 'api/sse-response.ts', 'db/client.ts', 'api/v8-flags.ts'] },
];
for (const { entry, file, sources } of compiled) {
  it(`builds ${entry} into one module that lists its sources, and that runs only while they are unchanged`, async () => {
    const inputs = JSON.parse(readFileSync(inputsPathOf(file()), 'utf8')) as { files: Record<string, string> };
    for (const source of sources) expect(Object.keys(inputs.files)).toContain(source);
    // Current: it passes its own check and stops at the configuration it was not given.
    const current = await runCompiled(file());
    expect(current.code).toBe(1);
    expect(current.output).toContain('Invalid environment');
    expect(current.output).not.toContain('is not run');

    // As if one of its sources had been edited after the build.
    const edited = sources[1]!;
    inputs.files[edited] = '0'.repeat(64);
    writeFileSync(inputsPathOf(file()), JSON.stringify(inputs));
    const stale = await runCompiled(file());
    expect(stale.code).toBe(1);
    expect(stale.output).toContain('is not run');
    expect(stale.output).toContain(edited);
    expect(stale.output).toContain('npm run build:server');
    expect(stale.output).not.toContain('Invalid environment');
  }, 120_000);
}
