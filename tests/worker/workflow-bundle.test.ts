// The workflow bundle built ahead of the worker (worker/workflow-bundle.ts):
// `npm run build:workflows` writes it with the list of its inputs, and the
// worker runs it only while every input is as it was bundled — a bundle whose
// sources changed, or that has no inputs list, is not run (the worker bundles
// the current sources at start and logs why).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { currentWorkflowBundle, inputsPathOf } from '../../worker/workflow-bundle';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'workflow-bundle-test-'));
const bundlePath = path.join(dir, 'workflow-bundle.js');
let pristineInputs = '';

beforeAll(async () => {
  // The npm script itself, as `npm start` and the Dockerfile run it.
  await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/build-workflow-bundle.ts', bundlePath], { cwd: repoRoot });
  pristineInputs = readFileSync(inputsPathOf(bundlePath), 'utf8');
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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
  expect(first.lines.find((l) => l.level === 40)?.reason).toContain('npm run build:workflows');

  const second = recordingLogger();
  expect(await currentWorkflowBundle(path.join(dir, 'no-such-bundle.js'), second.logger)).toBeUndefined();
  expect(second.lines.find((l) => l.level === 40)?.reason).toContain('no such file');
});

it('bundles at start when no bundle is given, and says what that costs', async () => {
  const { logger, lines } = recordingLogger();
  expect(await currentWorkflowBundle(undefined, logger)).toBeUndefined();
  expect(lines.find((l) => l.level === 30)?.msg).toContain('npm run build:workflows');
});
