import type { AgreedRiskLevel } from '../semrac-meeting/semrac-meeting.events';

/**
 * Case-stream events (`case-{caseId}`) for what SEMRAC and the agencies agree for a child:
 * a discussion at a meeting, the multi-agency support plan and the safety plan during an
 * investigation.
 */

export type DiscussedAtSemrac = {
  type: 'DiscussedAtSemrac';
  /** Mirrors the meeting's CaseDiscussionRecorded (stream `semrac-meeting-{meetingId}`); clears pending listings. */
  data: {
    caseId: string;
    meetingId: string;
    agreedRiskLevel: AgreedRiskLevel;
    decisions: string[];
    actionIds: string[];
    discussedAt: string;
  };
};

export type SupportPlanIntervention = { agencyId: string; description: string; frequency: string };

export type SupportPlanRecorded = {
  type: 'SupportPlanRecorded';
  /** The multi-agency support plan (DOMAIN.md, SEMRAC): each revision is a new event, none replaced. */
  data: {
    caseId: string;
    /** 1 for the plan as created, then 2, 3, ... */
    planRevision: number;
    objectives: string[];
    interventions: SupportPlanIntervention[];
    /** YYYY-MM-DD. */
    reviewDate: string;
    /** The SEMRAC meeting that agreed it, when one did. */
    meetingId?: string;
  };
};

export type SafetyPlanContact = { role: string; agencyId: string };

export type SafetyPlanRecorded = {
  type: 'SafetyPlanRecorded';
  /** A safety plan for a victim while an investigation runs (action 1.4). */
  data: {
    caseId: string;
    /** The police investigation's reference (e.g. a crime number). */
    investigationRef: string;
    measures: string[];
    contacts: SafetyPlanContact[];
    /** YYYY-MM-DD. */
    reviewDate: string;
  };
};

export type CasePlanEvent = DiscussedAtSemrac | SupportPlanRecorded | SafetyPlanRecorded;

export const CASE_PLAN_EVENT_TYPES: readonly CasePlanEvent['type'][] = ['DiscussedAtSemrac', 'SupportPlanRecorded', 'SafetyPlanRecorded'];
