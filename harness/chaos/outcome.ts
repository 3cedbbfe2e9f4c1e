// What a fault scenario reports, how several are shown as one table, and the
// small helpers every scenario shares (waiting, dice).

export interface FaultResult {
  /** Letter and name, e.g. "a. worker SIGKILLed". */
  fault: string;
  /** What was done, e.g. "3 SIGKILLs at random moments, 20 concurrent imports". */
  scenario: string;
  importsStarted: number;
  completed: number;
  /** Failed imports, each with the reason a fan sees. */
  failed: Array<{ tmAttractionId: string; reason: string }>;
  /** Imports still running when the scenario's deadline passed. */
  hung: string[];
  /** Rows of the completed imports beyond a clean import's (a changed row counts once here and once as lost). */
  rowsDuplicated: number;
  rowsLost: number;
  /** Rows of the clean imports the completed imports were compared with. */
  rowsCompared: number;
  /** Per table, where any row differs. */
  rowDiffs: Record<string, { duplicated: number; lost: number }>;
  /** Longest time any import went without a new progress version before it ended. */
  longestStallMs: number;
  /** What the scenario expected and did not see; empty when it passed. */
  problems: string[];
  /** Scenario-specific measurements (reconnects, kills, down time …). */
  details: Record<string, unknown>;
  durationMs: number;
}

export function passed(result: FaultResult): boolean {
  return result.problems.length === 0;
}

const HEADERS = ['fault', 'imports started', 'completed', 'failed', 'rows duplicated', 'rows lost', 'longest stall', 'verdict'] as const;

function cells(r: FaultResult): string[] {
  return [
    r.fault,
    String(r.importsStarted),
    String(r.completed),
    r.hung.length > 0 ? `${r.failed.length} (+${r.hung.length} hung)` : String(r.failed.length),
    String(r.rowsDuplicated),
    String(r.rowsLost),
    `${(r.longestStallMs / 1000).toFixed(1)} s`,
    passed(r) ? 'pass' : 'FAIL',
  ];
}

/** A plain-text table for the terminal. */
export function formatTable(results: readonly FaultResult[]): string {
  const rows = [HEADERS.slice(), ...results.map(cells)];
  const widths = HEADERS.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** The same table in Markdown (README). */
export function formatMarkdownTable(results: readonly FaultResult[]): string {
  return [`| ${HEADERS.join(' | ')} |`, `|${HEADERS.map(() => '---').join('|')}|`, ...results.map((r) => `| ${cells(r).join(' | ')} |`)].join('\n');
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Uniform in [min, max). */
export function between(min: number, max: number): number {
  return min + Math.random() * (max - min);
}

/** Resolves once `check` is true (polled), or rejects with `what` after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs: number, pollMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up after ${timeoutMs} ms waiting for ${what}`);
    await sleep(pollMs);
  }
}

/** A provider named in a failure's reason: what a fan needs to know whom to blame. */
export const NAMES_A_SOURCE = /ticketmaster|spotify|setlist\.?fm|musicbrainz/i;
