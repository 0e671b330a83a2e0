/** One ruff finding; paths are relative to the workspace root, lines and columns 1-based. */
export interface LintDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  code: string;
  message: string;
  /** `ruff check --fix` would fix it (a safe fix exists). */
  fixable: boolean;
  url?: string;
}

/** A file `ruff format` would change, at the first line it would change. */
export interface FormatFinding {
  file: string;
  line: number;
}

export const TEST_OUTCOMES = ['passed', 'failed', 'error', 'skipped'] as const;
export type TestOutcome = (typeof TEST_OUTCOMES)[number];

export interface TestResult {
  /** pytest's own id, relative to the project directory (what `pytest <nodeId>` reruns). */
  nodeId: string;
  /** Relative to the workspace root. */
  file: string;
  /** The test's definition line (1-based); 0 where pytest gives none (a module that failed to import). */
  line: number;
  outcome: TestOutcome;
  durationS: number;
  message?: string;
  /** Where a failure or error points: the failing line in the test file, else the test's line. */
  failureLine?: number;
  /** pytest's traceback, for the summary's details. */
  details?: string;
}

export interface TestSummary {
  passed: number;
  failed: number;
  skipped: number;
  errors: number;
  durationS: number;
}

export interface ProjectCheckResult {
  name: string;
  /** Relative to the workspace root. */
  dir: string;
  lint: LintDiagnostic[];
  format: FormatFinding[];
  tests: TestSummary;
  /** Failed and errored tests. */
  failures: TestResult[];
  /** pytest itself failed (bad options, internal error): no per-test results could be read. */
  testRunError?: string;
  ok: boolean;
  durationS: number;
}

export interface CheckResult {
  projects: ProjectCheckResult[];
  ok: boolean;
  durationS: number;
}
