// What a build ahead (the workflow bundle, the compiled API and worker) was
// made from: `<artifact>.inputs.json` beside it lists every source file the
// build read, by path relative to the repository, with its SHA-256. An
// artifact is current while every listed file still has that hash.
import { createHash } from 'node:crypto';
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * The repository, from this module's place in it: build/ in the sources, the
 * output directory in a compiled API or worker — which is why build outputs go
 * in a directory directly under the repository (dist/, .local/).
 */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

const inputsSchema = z.object({
  /** Repository-relative path → SHA-256 (hex) of the file as it was built from. */
  files: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)),
});
export type BuildInputs = z.infer<typeof inputsSchema>;

/** The sidecar file that lists an artifact's inputs. */
export function inputsPathOf(artifactPath: string): string {
  return `${artifactPath}.inputs.json`;
}

async function sha256Of(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

/** The inputs list of the files a build read (absolute paths; files that do not exist on disk are left out). */
export async function buildInputsOf(absolutePaths: Iterable<string>): Promise<BuildInputs> {
  const files: Record<string, string> = {};
  for (const file of [...new Set(absolutePaths)].sort()) {
    const hash = await sha256Of(file).catch(() => null);
    if (hash !== null) files[path.relative(REPO_ROOT, file)] = hash;
  }
  return { files };
}

/** Writes an artifact and its inputs list (each written aside and renamed into place, the list first). */
export async function writeWithInputs(artifactPath: string, content: string, inputs: BuildInputs): Promise<void> {
  const inputsPath = inputsPathOf(artifactPath);
  await writeFile(`${inputsPath}.tmp`, `${JSON.stringify(inputs, null, 1)}\n`);
  await writeFile(`${artifactPath}.tmp`, content);
  await rename(`${inputsPath}.tmp`, inputsPath);
  await rename(`${artifactPath}.tmp`, artifactPath);
}

/**
 * Why the artifact at `artifactPath` is not current (missing, its inputs list
 * missing or unreadable, an input changed or gone since it was built), or null
 * when every input is as it was built from. `rebuild` names the command that builds it.
 */
export async function staleReason(artifactPath: string, rebuild: string): Promise<string | null> {
  if (!(await stat(artifactPath).then((s) => s.isFile(), () => false))) return 'there is no such file';
  let inputs: BuildInputs;
  try {
    inputs = inputsSchema.parse(JSON.parse(await readFile(inputsPathOf(artifactPath), 'utf8')));
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return `its inputs list ${inputsPathOf(artifactPath)} cannot be read (${why}): build it with \`${rebuild}\``;
  }
  const changed: string[] = [];
  for (const [file, hash] of Object.entries(inputs.files)) {
    const now = await sha256Of(path.resolve(REPO_ROOT, file)).catch(() => null);
    if (now !== hash) changed.push(now === null ? `${file} (gone)` : file);
  }
  if (changed.length === 0) return null;
  const shown = changed.slice(0, 5).join(', ');
  return `${changed.length} of its inputs changed since it was built (${shown}${changed.length > 5 ? ', …' : ''}): rebuild it with \`${rebuild}\``;
}
