// The API and the worker as single JavaScript modules, built ahead with Vite
// (its SSR build: the project's own TypeScript bundled, every package left to
// node_modules): `node dist/api.mjs` and `node dist/worker.mjs` run without
// tsx, whose loader thread (an isolate of its own) and esbuild added ~45–50 MB
// to each process's resident memory. A module lists its inputs beside it
// (build/inputs.ts) and refuses to run once one of them has changed
// (`refuseIfStale`, called first by each entry point).
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { build, type Rollup } from 'vite';
import { buildInputsOf, REPO_ROOT, staleReason, writeWithInputs } from './inputs';

/** The entry points built ahead, and the command that builds them. */
export type CompiledEntry = 'api/main.ts' | 'worker/main.ts';
export const BUILD_COMMAND = 'npm run build:server';

/** Builds `entry` into `outFile`, which must sit in a directory directly under the repository (see REPO_ROOT). */
export async function buildCompiledEntry(entry: CompiledEntry, outFile: string): Promise<void> {
  if (path.dirname(path.dirname(path.resolve(outFile))) !== path.resolve(REPO_ROOT)) {
    throw new Error(`${outFile}: a compiled entry point must be in a directory directly under the repository (e.g. dist/), so its paths resolve as they do in its sources`);
  }
  const result = await build({
    configFile: false,
    root: REPO_ROOT,
    logLevel: 'warn',
    build: {
      ssr: path.join(REPO_ROOT, entry),
      write: false,
      target: 'node20',
      minify: false,
      sourcemap: false,
      rollupOptions: { output: { format: 'es', entryFileNames: path.basename(outFile) } },
    },
    ssr: { target: 'node' },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  const chunks = outputs.flatMap((o) => o.output).filter((o): o is Rollup.OutputChunk => o.type === 'chunk');
  const [module] = chunks;
  if (chunks.length !== 1 || !module) throw new Error(`${entry} built into ${chunks.length} chunks, not one module`);
  const inputs = await buildInputsOf(Object.keys(module.modules).filter((id) => path.isAbsolute(id)));
  if (!(entry in inputs.files)) throw new Error(`the compiled ${entry} lists no ${entry} among its inputs`);
  await writeWithInputs(outFile, module.code, inputs);
}

/**
 * Called first by an entry point with its `import.meta.url`: run from its
 * TypeScript, nothing to check; compiled, it runs only while every source it
 * was built from is as it was.
 */
export async function refuseIfStale(moduleUrl: string): Promise<void> {
  const self = fileURLToPath(moduleUrl);
  if (self.endsWith('.ts')) return;
  const stale = await staleReason(self, BUILD_COMMAND);
  if (stale !== null) throw new Error(`this compiled module (${self}) is not run: ${stale}`);
}
