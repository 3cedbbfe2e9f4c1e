// Workflow code: a list split into chunks, each chunk one activity, a few
// activities at a time; the next wave starts when the whole wave is done (a
// bounded number of activities in flight, and their order in history fixed).

/** Runs `run` over `items` in chunks of `perChunk`, `parallel` chunks at a time; results in chunk order. */
export async function inChunkWaves<T, R>(
  items: readonly T[],
  perChunk: number,
  parallel: number,
  run: (chunk: T[], chunkIndex: number, chunkCount: number) => Promise<R>,
): Promise<R[]> {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += perChunk) chunks.push(items.slice(i, i + perChunk));
  const results: R[] = [];
  for (let i = 0; i < chunks.length; i += parallel) {
    const wave = chunks.slice(i, i + parallel);
    results.push(...(await Promise.all(wave.map((chunk, j) => run(chunk, i + j, chunks.length)))));
  }
  return results;
}
