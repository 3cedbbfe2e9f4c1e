// V8 settings of the API and worker processes, set before anything compiles
// WebAssembly: each entry point imports its own flags module first
// (api/v8-flags.ts, worker/v8-flags.ts), which calls setV8Flags.
//
// --liftoff-only, in both: Prisma's query compiler is a 3.4 MB WebAssembly
// module. V8 compiles it with Liftoff first and then, in the background, tiers
// the hot functions up to TurboFan. That tier-up
// - took ~35 MB of malloc'd compiler memory that stayed resident (a malloc
//   arena of its own), ~30–45 MB of a process's RSS;
// - ran on a second core right after the API's warm-up, under its first
//   requests: the first kickoff after ready used 50–70 ms of API CPU time in
//   a 40 ms request, against 10–20 ms with Liftoff only.
// Liftoff code runs the same 4,000 queries in the same time (each is a
// database round trip); only the query planning could be slower.
import v8 from 'node:v8';

export const PRISMA_WASM_V8_FLAGS = ['--liftoff-only'] as const;

export function setV8Flags(flags: readonly string[]): void {
  for (const flag of flags) v8.setFlagsFromString(flag);
}
