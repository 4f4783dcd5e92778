import { readFileSync } from 'node:fs';
import { DEFAULT_RISK_SCHEME, RiskScheme, RiskSchemeError, parseRiskScheme, riskSchemeProblems } from './risk-scheme';

/** The risk scheme in force, injected where assessments are made and the scheme is shown. */
export const RISK_SCHEME = Symbol('RISK_SCHEME');

/** The board's scheme from `RISK_SCHEME_FILE` (JSON), or the built-in default when none is set. Throws naming every problem. */
export function loadRiskScheme(path?: string): RiskScheme {
  if (!path) return DEFAULT_RISK_SCHEME;
  const problems = riskSchemeFileProblems(path);
  if (problems.length > 0) throw new RiskSchemeError(problems);
  return parseRiskScheme(JSON.parse(readFileSync(path, 'utf8')));
}

/** What is wrong with a scheme file, for the settings validation at boot; empty when it is usable. */
export function riskSchemeFileProblems(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return [`the file cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`];
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return ['the file is not valid JSON'];
  }
  return riskSchemeProblems(json);
}
