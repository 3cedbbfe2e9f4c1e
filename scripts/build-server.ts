// `npm run build:server [-- <dir>]`: the API and the worker built ahead, into
// <dir> (default dist/, a directory directly under the repository):
//   <dir>/api.mjs              api/main.ts as one module (build/compiled-entry.ts): `node <dir>/api.mjs`
//   <dir>/worker.mjs           worker/main.ts as one module: `node <dir>/worker.mjs`
//   <dir>/workflow-bundle.js   the workflow bundle the worker loads (WORKFLOW_BUNDLE_PATH; worker/workflow-bundle.ts)
// each with its inputs list beside it (<file>.inputs.json). `npm start` and the
// Docker image run this; a module or bundle whose inputs changed since is not run.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { buildCompiledEntry } from '../build/compiled-entry';
import { buildWorkflowBundle, writeWorkflowBundle } from '../worker/workflow-bundle';

const dir = path.resolve(process.argv[2] ?? 'dist');
mkdirSync(dir, { recursive: true });
const started = Date.now();
await buildCompiledEntry('api/main.ts', path.join(dir, 'api.mjs'));
await buildCompiledEntry('worker/main.ts', path.join(dir, 'worker.mjs'));
const bundle = await buildWorkflowBundle();
await writeWorkflowBundle(path.join(dir, 'workflow-bundle.js'), bundle);
const shown = path.relative(process.cwd(), dir) || '.';
console.error(
  `built ${shown}/api.mjs, ${shown}/worker.mjs and ${shown}/workflow-bundle.js (${(bundle.code.length / 1024 / 1024).toFixed(1)} MB, ${Object.keys(bundle.inputs.files).length} inputs) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
