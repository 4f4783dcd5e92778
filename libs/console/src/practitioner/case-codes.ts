import * as cases from '@app/cases';

/**
 * A case's closed code lists, in the cases context's own words (the API refuses any other code); the
 * console adds only the hints its flag form shows.
 */
const FLAG_HINTS: Record<cases.CaseFlag, string> = {
  'looked-after': 'Looked after by the local authority',
  'care-leaver': 'Left the care of the local authority',
  'child-witness': 'A witness in a prosecution: say what support and protection is in place',
  'migrant-uasc': 'Migrant, or an unaccompanied asylum seeking child',
};

export const CASE_FLAGS: Record<string, { text: string; hint: string }> = Object.fromEntries(
  cases.CASE_FLAG_CODES.map((code) => [code, { text: cases.CASE_FLAGS[code], hint: FLAG_HINTS[code] }]),
);

export const LINK_KINDS: Record<string, string> = cases.LINK_KINDS;

/** The risk bands (the latest of the last assessment and SEMRAC's agreed level), lowest first. */
export const RISK_BANDS: Record<string, string> = cases.DEFAULT_RISK_BAND_LABELS;

export const CASE_STATUSES: Record<string, string> = { open: 'Open', closed: 'Closed' };

/** The case list's filters: each a code the API knows, or nothing; anything else is dropped, never passed on. */
export interface CaseListFilters {
  status?: string;
  riskBand?: string;
  flag?: string;
  listedForSemrac?: 'true' | 'false';
  /** `all`: every case the user may see; otherwise the cases of the user's agency. */
  scope: 'mine' | 'all';
}

export function caseListFilters(query: Record<string, unknown>): CaseListFilters {
  const code = (name: string, allowed: Record<string, unknown>): string | undefined => {
    const value = query[name];
    return typeof value === 'string' && Object.hasOwn(allowed, value) ? value : undefined;
  };
  const listed = query.listedForSemrac;
  return {
    status: code('status', CASE_STATUSES),
    riskBand: code('riskBand', RISK_BANDS),
    flag: code('flag', CASE_FLAGS),
    listedForSemrac: listed === 'true' || listed === 'false' ? listed : undefined,
    scope: query.scope === 'all' ? 'all' : 'mine',
  };
}

/** The filters as a query string for the console's own links (codes only). */
export function filtersQuery(filters: CaseListFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (filters.scope === 'all') params.set('scope', 'all');
  for (const name of ['status', 'riskBand', 'flag', 'listedForSemrac'] as const) {
    const value = filters[name];
    if (value) params.set(name, value);
  }
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Select items for a filter: "Any" first, then each code with its words, the chosen one selected. */
export function selectItems(options: Record<string, string>, chosen: string | undefined, any = 'Any'): { value: string; text: string; selected: boolean }[] {
  return [{ value: '', text: any, selected: !chosen }, ...Object.entries(options).map(([value, text]) => ({ value, text, selected: value === chosen }))];
}
