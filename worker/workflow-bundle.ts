// The workflow bundle built ahead of the worker: webpack (with swc) takes
// 6–7 s of CPU and leaves ~120 MB more resident memory in the process that
// runs it, so `npm start`, the Docker image and the benchmarks build it once
// (`npm run build:workflows`) and the worker loads the file (WORKFLOW_BUNDLE_PATH).
// Beside the bundle, `<bundle>.inputs.json` lists every file webpack read to
// build it (workflows/, domain/, the SDK's own modules) with its SHA-256: a
// worker given a bundle whose inputs changed since (or that has no such list)
// does not run it — it bundles the current sources itself and says so.
import { createHash } from 'node:crypto';
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { Logger } from 'pino';
import { z } from 'zod';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));
/** Inputs are named relative to the repository, so a checkout or image moved elsewhere still matches. */
const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

const silent = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

const inputsSchema = z.object({
  /** Repository-relative path → SHA-256 (hex) of the file as it was bundled. */
  files: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)),
});
export type WorkflowBundleInputs = z.infer<typeof inputsSchema>;

export interface BuiltWorkflowBundle {
  code: string;
  inputs: WorkflowBundleInputs;
}

/** The sidecar file that lists a bundle's inputs. */
export function inputsPathOf(bundlePath: string): string {
  return `${bundlePath}.inputs.json`;
}

async function sha256Of(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

/** Bundles workflows/ (bundleWorkflowCode) and records every file webpack read to do it. */
export async function buildWorkflowBundle(): Promise<BuiltWorkflowBundle> {
  const read = new Set<string>();
  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    logger: silent,
    webpackConfigHook: (config) => ({
      ...config,
      plugins: [
        ...(config.plugins ?? []),
        {
          apply(compiler) {
            compiler.hooks.afterCompile.tap('WorkflowBundleInputs', (compilation) => {
              for (const file of compilation.fileDependencies) read.add(file);
            });
          },
        },
      ],
    }),
  });
  // The SDK's entry point is generated in memory (its own file system): only real files are inputs.
  const files: Record<string, string> = {};
  for (const file of [...read].sort()) {
    const hash = await sha256Of(file).catch(() => null);
    if (hash !== null) files[path.relative(REPO_ROOT, file)] = hash;
  }
  if (!Object.keys(files).some((f) => f.startsWith(`workflows${path.sep}`))) {
    throw new Error('the workflow bundle was built, but the list of its inputs holds no file of workflows/');
  }
  return { code, inputs: { files } };
}

/** Writes the bundle and its inputs list (each written aside and renamed into place, inputs first). */
export async function writeWorkflowBundle(bundlePath: string, bundle: BuiltWorkflowBundle): Promise<void> {
  const inputsPath = inputsPathOf(bundlePath);
  await writeFile(`${inputsPath}.tmp`, `${JSON.stringify(bundle.inputs, null, 1)}\n`);
  await writeFile(`${bundlePath}.tmp`, bundle.code);
  await rename(`${inputsPath}.tmp`, inputsPath);
  await rename(`${bundlePath}.tmp`, bundlePath);
}

/**
 * Why the bundle at `bundlePath` must not be run (its inputs list missing or
 * unreadable, an input changed or gone since it was built), or null when every
 * input is as it was bundled.
 */
export async function staleBundleReason(bundlePath: string): Promise<string | null> {
  if (!(await stat(bundlePath).then((s) => s.isFile(), () => false))) return 'there is no such file';
  let inputs: WorkflowBundleInputs;
  try {
    inputs = inputsSchema.parse(JSON.parse(await readFile(inputsPathOf(bundlePath), 'utf8')));
  } catch (err) {
    return `its inputs list ${inputsPathOf(bundlePath)} cannot be read (${err instanceof Error ? err.message.split('\n')[0] : String(err)}): build it with \`npm run build:workflows\``;
  }
  const changed: string[] = [];
  for (const [file, hash] of Object.entries(inputs.files)) {
    const now = await sha256Of(path.resolve(REPO_ROOT, file)).catch(() => null);
    if (now !== hash) changed.push(now === null ? `${file} (gone)` : file);
  }
  if (changed.length === 0) return null;
  const shown = changed.slice(0, 5).join(', ');
  return `${changed.length} of its inputs changed since it was built (${shown}${changed.length > 5 ? ', …' : ''})`;
}

/**
 * The bundle the worker runs: the one at `bundlePath` when every input is as
 * it was bundled; undefined when none is given or it is stale — the worker
 * then bundles workflows/ itself at start (said in the log, with why).
 */
export async function currentWorkflowBundle(bundlePath: string | undefined, logger: Logger): Promise<{ codePath: string } | undefined> {
  const cost = 'webpack in this process: seconds of CPU at start and ~120 MB more resident memory for as long as it runs';
  if (!bundlePath) {
    logger.info(`no WORKFLOW_BUNDLE_PATH: bundling workflows/ at start (${cost}); \`npm run build:workflows\` builds it ahead`);
    return undefined;
  }
  const stale = await staleBundleReason(bundlePath);
  if (stale === null) return { codePath: bundlePath };
  logger.warn({ bundlePath, reason: stale }, `the workflow bundle is not run: ${stale}; bundling the current workflows/ at start instead (${cost})`);
  return undefined;
}
