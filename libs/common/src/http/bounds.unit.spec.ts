import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { IsCalendarDate, IsDateOrInstant, IsInstant, MAX_JSON_DEPTH, jsonDepth } from './bounds';

class Dated {
  @IsInstant()
  at!: string;

  @IsCalendarDate()
  on!: string;

  @IsDateOrInstant()
  known!: string;
}

function problems(body: Partial<Dated>): string[] {
  const dated = plainToInstance(Dated, { at: '2026-11-20T09:30:00Z', on: '2026-11-20', known: '2026-11-20', ...body });
  return validateSync(dated).map((e) => e.property);
}

describe('jsonDepth', () => {
  it('counts how deep objects and arrays nest', () => {
    expect(jsonDepth('1')).toBe(0);
    expect(jsonDepth('{"a": [1, {"b": []}]}')).toBe(4);
    expect(jsonDepth('[[], [[]], []]')).toBe(3);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonDepth('{"a": "[[[{{{"}')).toBe(1);
    expect(jsonDepth('{"a": "say \\"[[[\\" twice", "b": "\\\\"}')).toBe(1);
  });

  it('stops scanning just past the limit, however deep the text goes', () => {
    expect(jsonDepth('['.repeat(100_000))).toBe(MAX_JSON_DEPTH + 1);
    expect(jsonDepth(Buffer.from('{"a":'.repeat(40) + '1' + '}'.repeat(40)))).toBe(MAX_JSON_DEPTH + 1);
  });
});

describe('dates and instants', () => {
  it('accepts instants with a zone and dates within bounds', () => {
    expect(problems({ at: '2026-11-20T09:30:00.123+01:00', known: '2026-11-20T09:30Z' })).toEqual([]);
  });

  it('refuses an instant without a time zone', () => {
    expect(problems({ at: '2026-11-20T09:30:00', known: '2026-11-20T09:30:00' })).toEqual(['at', 'known']);
  });

  it('refuses dates before 1900 or more than five years ahead', () => {
    expect(problems({ at: '1800-01-01T00:00:00Z', on: '1899-12-31', known: '9999-12-31' })).toEqual(['at', 'on', 'known']);
    const later = new Date(Date.now() + 6 * 366 * 86_400_000).toISOString();
    expect(problems({ at: later, on: later.slice(0, 10) })).toEqual(['at', 'on']);
  });

  it('refuses dates that do not exist', () => {
    expect(problems({ on: '2026-02-30', at: '2026-02-30T10:00:00Z' })).toEqual(['at', 'on']);
  });
});
