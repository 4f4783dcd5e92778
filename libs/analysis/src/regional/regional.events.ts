/**
 * The regional picture (strategy action 2.4: links with neighbouring LSCBs so that "emerging themes
 * are shared"): this board's suppressed profile sent to its peers, and the peers' profiles received.
 * Aggregates only, exactly as published: a cell is a number that reveals nobody (0, or above the
 * threshold) or the text shown in its place. Nothing here names or counts a child below the threshold.
 */

/** A published cell: a count, or the suppression text shown instead ("fewer than 5", "not shown"). */
export type RegionalCell = number | string;

export interface RegionalTable {
  rows: { value: string; count: RegionalCell }[];
  total: RegionalCell;
}

/** Measure → table, in the profile's order. */
export type RegionalTables = Record<string, RegionalTable>;

export interface RegionalPeriod {
  from: string;
  to: string;
}

/** What a send was started by: a user's request, or the schedule (REGIONAL_PROFILE_EVERY). */
export const REGIONAL_SEND_TRIGGERS = ['request', 'schedule'] as const;
export type RegionalSendTrigger = (typeof REGIONAL_SEND_TRIGGERS)[number];

/** The id the schedule acts under in the log. */
export const REGIONAL_SCHEDULE_ACTOR = 'system:regional-schedule';

/**
 * This board sent its profile of a period to its peers (stream `regional-sends-{from}-{to}`): the
 * outbox derives one signed `problem-profile.v1` per peer from it, so the event holds all they say.
 */
export type RegionalProfileSent = {
  type: 'RegionalProfileSent';
  data: {
    /** The send; every peer's message carries it. */
    profileId: string;
    /** This board's id (SHARING_BOARD_ID). */
    from: string;
    period: RegionalPeriod;
    suppressionThreshold: number;
    tables: RegionalTables;
    /** sha256 of the canonical JSON of period, threshold and tables: what a peer can recompute. */
    contentHash: string;
    /** Where it went: each peer's id and the topic its profiles are sent on. */
    peers: { id: string; topic: string }[];
    trigger: RegionalSendTrigger;
    /** The user who asked, or the schedule. */
    sentBy: { userId: string; agencyId: string };
    /** The schedule's slot this send fills (one send per slot, however many processes run it). */
    slot?: string;
    sentAt: string;
  };
};

/** A peer's profile arrived, signed by that peer (stream `regional-received-{peerId}`). */
export type RegionalProfileReceived = {
  type: 'RegionalProfileReceived';
  data: {
    messageId: string;
    profileId: string;
    /** The peer as this board's directory names it when the profile arrived. */
    peer: { id: string; name: string };
    period: RegionalPeriod;
    suppressionThreshold: number;
    tables: RegionalTables;
    contentHash: string;
    sentAt: string;
    receivedAt: string;
  };
};

export type RegionalSendEvent = RegionalProfileSent;
export type RegionalReceiptEvent = RegionalProfileReceived;
