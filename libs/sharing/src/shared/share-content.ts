/**
 * What a share carries: assembled at request time from this board's records, plain JSON. Never
 * a sealed original: intelligence only as its sanitised text.
 */
export interface ShareContent {
  caseSummary?: CaseSummary;
  chronologyEntries?: SharedChronologyEntry[];
  intelligenceItems?: SharedIntelligenceItem[];
}

export interface CaseSummary {
  caseId: string;
  status: string;
  child: {
    firstName: string;
    lastName: string;
    knownAs?: string;
    dateOfBirth?: string;
    approximateAge?: number;
    gender: string;
  };
  flags: string[];
  riskBand?: string;
  suspectedModels: string[];
  signs: string[];
  vulnerabilities: string[];
  leadProfessionals: { agencyName: string; name: string; role: string; contact?: string }[];
  missingEpisodes: number;
}

export interface SharedChronologyEntry {
  caseId: string;
  eventId: string;
  at: string;
  type: string;
  summary: string;
}

export interface SharedIntelligenceItem {
  itemId: string;
  gradingCode?: string;
  handlingConditions?: string;
  /** The sanitised text: nothing in it identifies the source. */
  text: string;
  subjects: { kind: string; ref?: string; text?: string }[];
  knownAt: string;
}

/** What was shared, without the content itself: for the register and the outbound list. */
export interface ContentSummary {
  caseId?: string;
  chronologyEntries: number;
  intelligenceItemIds: string[];
}

export function summariseContent(content: ShareContent): ContentSummary {
  return {
    ...(content.caseSummary ? { caseId: content.caseSummary.caseId } : {}),
    chronologyEntries: content.chronologyEntries?.length ?? 0,
    intelligenceItemIds: (content.intelligenceItems ?? []).map((i) => i.itemId),
  };
}
