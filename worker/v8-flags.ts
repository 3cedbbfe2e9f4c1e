// V8 settings of the worker process, set before anything compiles WebAssembly
// or starts the workflow thread: worker/main.ts imports this module first.
// Measured on the 20,000-track import (README, "Worker memory"):
// - --liftoff-only: Prisma's query compiler is a 3.4 MB WebAssembly module; V8's
//   background tier-up of it to TurboFan took ~35 MB of malloc'd compiler memory
//   that stayed resident (a malloc arena of its own), ~30–45 MB of the worker's
//   RSS. Liftoff code runs the same 4,000 queries in the same time (each is a
//   database round trip); only speed of the query planning could differ.
// - --max-semi-space-size=8 (MB): the young generation of the workflow thread
//   (an isolate started after this runs; the main isolate's heap is already
//   configured) is at most 16 MB instead of 32 MB. Scavenges are more frequent;
//   the old generation's limit is unchanged, so no import can run out of heap
//   because of it.
import v8 from 'node:v8';

export const WORKER_V8_FLAGS = ['--liftoff-only', '--max-semi-space-size=8'] as const;

for (const flag of WORKER_V8_FLAGS) v8.setFlagsFromString(flag);
