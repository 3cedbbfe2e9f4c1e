// The workflow bundle built ahead of the worker: webpack (with swc) takes
// 6–7 s of CPU and leaves ~120 MB more resident memory in the process that
// runs it, so `npm start`, the Docker image and the benchmarks build it once
// (`npm run build:server`) and the worker loads the file (WORKFLOW_BUNDLE_PATH). Its inputs list
// (build/inputs.ts) names every file webpack read — workflows/,
// domain/, the SDK's own modules: a worker given a bundle whose inputs changed
// since (or that has no such list) does not run it — it bundles the current
// sources itself at start and says so.
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { Logger } from 'pino';
import { BUILD_COMMAND } from '../build/compiled-entry';
import { buildInputsOf, staleReason, writeWithInputs, type BuildInputs } from '../build/inputs';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

const silent = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

export interface BuiltWorkflowBundle {
  code: string;
  inputs: BuildInputs;
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
  const inputs = await buildInputsOf(read);
  if (!Object.keys(inputs.files).some((f) => f.startsWith('workflows/'))) {
    throw new Error('the workflow bundle was built, but the list of its inputs holds no file of workflows/');
  }
  return { code, inputs };
}

/** Writes the bundle and its inputs list. */
export async function writeWorkflowBundle(bundlePath: string, bundle: BuiltWorkflowBundle): Promise<void> {
  await writeWithInputs(bundlePath, bundle.code, bundle.inputs);
}

/**
 * The bundle the worker runs: the one at `bundlePath` when every input is as
 * it was bundled; undefined when none is given or it is stale — the worker
 * then bundles workflows/ itself at start (said in the log, with why).
 */
export async function currentWorkflowBundle(bundlePath: string | undefined, logger: Logger): Promise<{ codePath: string } | undefined> {
  const cost = 'webpack in this process: seconds of CPU at start and ~120 MB more resident memory for as long as it runs';
  if (!bundlePath) {
    logger.info(`no WORKFLOW_BUNDLE_PATH: bundling workflows/ at start (${cost}); \`npm run build:server\` builds it ahead`);
    return undefined;
  }
  const stale = await staleReason(bundlePath, BUILD_COMMAND);
  if (stale === null) return { codePath: bundlePath };
  logger.warn({ bundlePath, reason: stale }, `the workflow bundle is not run: ${stale}; bundling the current workflows/ at start instead (${cost})`);
  return undefined;
}
