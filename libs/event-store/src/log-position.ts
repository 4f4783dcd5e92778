import { LogPosition } from './event-store.port';

/**
 * Positions are two unsigned 64-bit numbers, `major:minor`, each zero-padded to 20 digits so
 * that plain string comparison orders them. PostgreSQL uses (transaction id, sequence),
 * SQLite (sequence, sequence), EventStoreDB (commit, prepare).
 */
const WIDTH = 20;

export function encodePosition(major: bigint | number | string, minor: bigint | number | string): LogPosition {
  return `${String(major).padStart(WIDTH, '0')}:${String(minor).padStart(WIDTH, '0')}`;
}

export function decodePosition(position: LogPosition): { major: bigint; minor: bigint } {
  const match = /^(\d{20}):(\d{20})$/.exec(position);
  if (!match) throw new RangeError(`Not a log position: ${JSON.stringify(position)}`);
  return { major: BigInt(match[1]), minor: BigInt(match[2]) };
}

export function comparePositions(a: LogPosition, b: LogPosition): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
