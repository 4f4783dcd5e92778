import type { AccessActor, AccessRecordKind, RecordAccessed } from '@app/access';

/**
 * An auditor's read of a record, as the access log keeps it (Data Protection Act 2018 s62): the
 * same `RecordAccessed` event for the HTTP API and the command line, on the record's access stream.
 */

/** The access log's kind for each audit record kind: an auditor's replay is a read like any other. */
export const AUDIT_ACCESS_KINDS: Readonly<Record<string, AccessRecordKind>> = {
  case: 'case',
  poi: 'poi',
  intel: 'intelligence-item',
  share: 'share',
  'inbound-share': 'inbound-share',
};

/** The purposes recorded when the auditor states none (the HTTP endpoints record these). */
export const AUDIT_READ_PURPOSES = {
  replay: 'audit: replay as of a moment',
  diff: 'audit: compare two moments',
  trail: 'audit: trail',
  export: 'audit: export an audit pack',
} as const;

/** Where the auditor read from: recorded in the access's ground. */
export type AuditChannel = 'http' | 'command line';

/** The access event for an auditor's read of one record; undefined for a kind the access log does not know. */
export function auditorRead(
  kind: string,
  recordId: string,
  purpose: string,
  actor: AccessActor,
  channel: AuditChannel,
  at: Date = new Date(),
): { accessKind: AccessRecordKind; event: RecordAccessed } | undefined {
  const accessKind = AUDIT_ACCESS_KINDS[kind];
  if (!accessKind) return undefined;
  return {
    accessKind,
    event: {
      type: 'RecordAccessed',
      data: {
        kind: accessKind,
        recordId,
        action: 'read',
        purpose,
        ground: channel === 'http' ? 'auditor (read-only)' : 'auditor (read-only, command line)',
        roles: [...(actor.roles ?? [])],
        breakGlass: false,
        accessedAt: at.toISOString(),
      },
    },
  };
}
