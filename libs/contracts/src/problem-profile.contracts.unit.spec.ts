import { MessageContract, ProblemProfileV1 } from '.';

const errorsOf = (value: unknown) => {
  const result = (ProblemProfileV1 as MessageContract<object>).validate(value);
  return result.ok ? [] : result.errors;
};
const example = ProblemProfileV1.example;
const withGender = (rows: unknown, total: unknown = 23) => ({ ...example, tables: { ...example.tables, 'referrals.gender': { rows, total } } });

describe('problem-profile.v1', () => {
  it('accepts its example: counts of 0 or above the threshold, and the two suppression texts', () => {
    expect(ProblemProfileV1.type).toBe('problem-profile.v1');
    expect(errorsOf(example)).toEqual([]);
  });

  it('refuses a count from 1 to the threshold anywhere, naming the cell and never its value', () => {
    const errors = errorsOf(withGender([{ value: 'female', count: 20 }, { value: 'male', count: 3 }], 4));
    expect(errors).toEqual([
      'tables.referrals.gender.rows[1].count: must not be a count from 1 to 4: send "fewer than 5"',
      'tables.referrals.gender.total: must not be a count from 1 to 4: send "fewer than 5"',
    ]);
    // With a higher threshold the same number is refused; the text must match the sender's threshold.
    expect(errorsOf({ ...example, suppressionThreshold: 20 })).toEqual([
      'tables.referrals.gender.rows[0].count: must not be a count from 1 to 20: send "fewer than 21"',
      'tables.referrals.gender.rows[1].count: must be a count or one of "fewer than 21", "not shown"',
    ]);
  });

  it('refuses free text, negative or fractional counts, and a value twice', () => {
    expect(
      errorsOf(
        withGender([
          { value: 'testa.fictional@example.org', count: 7 },
          { value: 'female', count: -1 },
          { value: 'male', count: 7.5 },
          { value: 'male', count: 'about three' },
        ]),
      ),
    ).toEqual([
      "tables.referrals.gender.rows[0].value: must be a code or a configured place name (letters, digits, single spaces and ._:/+'’(),&–- only, at most 60 characters)",
      'tables.referrals.gender.rows[1].count: must be a whole number of at least 0',
      'tables.referrals.gender.rows[2].count: must be a whole number of at least 0',
      'tables.referrals.gender.rows[3].value: appears twice in the table',
      'tables.referrals.gender.rows[3].count: must be a count or one of "fewer than 5", "not shown"',
    ]);
  });

  it("takes the board's own ward and school names as values, and no sentence or address", () => {
    expect(errorsOf({ ...example, tables: { 'referrals.area': { rows: [{ value: 'Crowthorne – Owlsmoor', count: 6 }, { value: "St Mary's C of E (Sandhurst)", count: 0 }], total: 6 } } })).toEqual([]);
    expect(errorsOf({ ...example, tables: { 'referrals.area': { rows: [{ value: 'Flat 2,  12 High St', count: 6 }, { value: 'lives with her aunt!', count: 0 }, { value: ' Owlsmoor', count: 0 }], total: 6 } } })).toHaveLength(3);
  });

  it('refuses fields that are not in the version, anywhere, and names the missing ones', () => {
    const { signature: _s, period: _p, ...rest } = example;
    expect(errorsOf({ ...rest, child: { firstName: 'Testa' }, tables: { 'referrals.count': { rows: [{ value: 'all', count: 23, caseId: 'x' }], total: 23, note: 'x' } } })).toEqual([
      'child: is not a field of this message version',
      'period: is required',
      'tables.referrals.count.note: is not a field of this message version',
      'tables.referrals.count.rows[0].caseId: is not a field of this message version',
      'signature: is required',
    ]);
  });

  it('is GREEN, for one period of whole months, with tables named as measures', () => {
    expect(errorsOf({ ...example, label: 'AMBER', period: { from: '2026-11', to: '2026-06' }, tables: { 'names of children': { rows: [], total: 0 } } })).toEqual([
      'label: must be one of "GREEN"',
      'period.to: must not be before period.from',
      'tables: each table must be named by a measure (dotted words, e.g. referrals.ageBand, at most 60 characters)',
    ]);
    expect(errorsOf({ ...example, period: { from: '2020-01', to: '2026-01' }, tables: {} })).toEqual([
      'period.to: the period may be at most 60 months',
      'tables: must hold at least one table',
    ]);
    expect(errorsOf({ ...example, period: { from: '2026-13', to: 'June' } })).toEqual(['period.from: must be a month, YYYY-MM', 'period.to: must be a month, YYYY-MM']);
  });

  it('needs both parties, its ids and a signature of the right form', () => {
    const { from: _f, ...noSender } = example;
    expect(errorsOf({ ...noSender, to: 'has spaces', profileId: 'p-1', signature: 'not base64!' })).toEqual([
      'profileId: must be a UUID',
      'from: is required',
      'to: must be an identifier (letters, digits and ._:/- only)',
      'signature: must be a base64 Ed25519 signature (64 bytes)',
    ]);
    expect(errorsOf([example])).toEqual(['(message): must be an object']);
  });
});
