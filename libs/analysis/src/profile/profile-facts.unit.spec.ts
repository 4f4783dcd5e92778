import { addMonths, ageBandOf, ageOn, durationBandOf, episodeFacts, heldInTime, monthOf, monthsBetween, referralFacts } from './profile-facts';

describe('month bucketing', () => {
  it('puts a fact in the month of its own time, in UTC', () => {
    expect(monthOf('2026-03-31')).toBe('2026-03');
    expect(monthOf('2026-03-31T23:30:00.000Z')).toBe('2026-03');
    expect(monthOf('2026-04-01T00:30:00+01:00')).toBe('2026-03');
    expect(monthOf('[erased]')).toBeUndefined();
    expect(monthOf(undefined)).toBeUndefined();
  });

  it('counts months across years', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2025-11', 14)).toBe('2027-01');
    expect(monthsBetween('2025-11', '2026-04')).toBe(6);
    expect(monthsBetween('2026-04', '2026-04')).toBe(1);
  });
});

describe('age bands at referral', () => {
  it('reckons whole years on the day of the referral', () => {
    expect(ageOn('2012-06-15', '2026-06-14')).toBe(13);
    expect(ageOn('2012-06-15', '2026-06-15T09:00:00Z')).toBe(14);
    expect(ageOn('[erased]', '2026-06-15')).toBeUndefined();
  });

  it.each([
    [{ dateOfBirth: '2017-01-01' }, 'under-10'],
    [{ dateOfBirth: '2016-06-14' }, '10-12'],
    [{ approximateAge: 12 }, '10-12'],
    [{ approximateAge: 13 }, '13-15'],
    [{ dateOfBirth: '2010-06-16' }, '13-15'],
    [{ dateOfBirth: '2010-06-15' }, '16-17'],
    [{ approximateAge: 17 }, '16-17'],
    [{ dateOfBirth: '2008-01-01' }, '18-plus'],
    [{}, 'not-known'],
    // An erased date of birth reads as erased: the approximate age, if any, still counts.
    [{ dateOfBirth: '[erased]', approximateAge: 11 }, '10-12'],
    [{ dateOfBirth: '[erased]', approximateAge: null }, 'not-known'],
  ])('%p on 2026-06-15 is %s', (child, band) => {
    expect(ageBandOf(child, '2026-06-15')).toBe(band);
  });

  it('prefers the date of birth to an approximate age', () => {
    expect(ageBandOf({ dateOfBirth: '2014-01-01', approximateAge: 16 }, '2026-06-15')).toBe('10-12');
  });
});

describe('a referral’s counts', () => {
  const referral = {
    referringAgency: { kind: 'education' },
    child: { approximateAge: 14, gender: 'female', ethnicity: 'Pakistani', lookedAfter: true, careLeaver: false, migrantOrUnaccompanied: true },
    vulnerabilities: ['V-HOMELESS'],
    signs: ['S-MISSING', 'S-SCHOOL-ABSENCE', 'S-MISSING'],
    suspectedModel: 'M-ONLINE',
    referredAt: '2026-05-04T10:00:00.000Z',
  };

  it('adds one to each table it belongs in, each sign once, in the month it was made', () => {
    expect(referralFacts(referral).map((f) => `${f.month} ${f.measure}=${f.value} ${f.delta}`)).toEqual([
      '2026-05 referrals.count=all 1',
      '2026-05 referrals.agencyKind=education 1',
      '2026-05 referrals.model=M-ONLINE 1',
      '2026-05 referrals.sign=S-MISSING 1',
      '2026-05 referrals.sign=S-SCHOOL-ABSENCE 1',
      '2026-05 referrals.vulnerability=V-HOMELESS 1',
      '2026-05 referrals.ageBand=13-15 1',
      '2026-05 referrals.gender=female 1',
      '2026-05 referrals.ethnicGroup=asian 1',
      '2026-05 referrals.vulnerableGroup=looked-after 1',
      '2026-05 referrals.vulnerableGroup=migrant-or-unaccompanied 1',
    ]);
  });

  it('counts an erased ethnicity as not coded', () => {
    expect(referralFacts({ ...referral, child: { ...referral.child, ethnicity: '[erased]' } }).find((f) => f.measure === 'referrals.ethnicGroup')?.value).toBe('not-coded');
  });
});

describe('missing episodes', () => {
  it('bands durations from last seen to return', () => {
    expect(durationBandOf('2026-05-01T10:00:00Z', '2026-05-02T09:59:00Z')).toBe('under-24h');
    expect(durationBandOf('2026-05-01T10:00:00Z', '2026-05-02T10:00:00Z')).toBe('1-3-days');
    expect(durationBandOf('2026-05-01T10:00:00Z', '2026-05-04T10:00:00Z')).toBe('1-3-days');
    expect(durationBandOf('2026-05-01T10:00:00Z', '2026-05-04T10:01:00Z')).toBe('over-3-days');
  });

  it('times a return interview against 72 hours from the return', () => {
    expect(heldInTime('2026-05-01T10:00:00Z', '2026-05-04T10:00:00Z')).toBe(true);
    expect(heldInTime('2026-05-01T10:00:00Z', '2026-05-04T10:00:01Z')).toBe(false);
    expect(heldInTime(null, '2026-05-02T10:00:00Z')).toBe(false);
  });

  it('counts an episode still missing in its report month until the child returns, then in its band in the return month', () => {
    const reported = episodeFacts(undefined, {
      type: 'MissingEpisodeReported',
      data: { episodeId: 'e-1', missingFrom: 'care-placement', lastSeenAt: '2026-05-31T20:00:00Z', reportedAt: '2026-05-31T22:00:00Z' },
    });
    expect(reported.times).toEqual({ episodeId: 'e-1', reportedAt: '2026-05-31T22:00:00Z', lastSeenAt: '2026-05-31T20:00:00Z', returnedAt: null });
    expect(reported.facts.map((f) => `${f.month} ${f.measure}=${f.value} ${f.delta}`)).toEqual(['2026-05 missing.reported=care-placement 1', '2026-05 missing.duration=still-missing 1']);

    const returned = episodeFacts(reported.times, { type: 'ChildReturned', data: { episodeId: 'e-1', returnedAt: '2026-06-02T08:00:00Z' } });
    expect(returned.facts.map((f) => `${f.month} ${f.measure}=${f.value} ${f.delta}`)).toEqual(['2026-05 missing.duration=still-missing -1', '2026-06 missing.duration=1-3-days 1']);
    // A second return of the same episode changes nothing.
    expect(episodeFacts(returned.times, { type: 'ChildReturned', data: { episodeId: 'e-1', returnedAt: '2026-06-03T08:00:00Z' } }).facts).toEqual([]);

    const held = episodeFacts(returned.times, { type: 'ReturnInterviewHeld', data: { episodeId: 'e-1', heldAt: '2026-06-04T08:00:00Z' } });
    expect(held.facts.map((f) => `${f.month} ${f.measure}=${f.value}`)).toEqual(['2026-06 missing.returnInterview=held-within-72h']);
    const late = episodeFacts(returned.times, { type: 'ReturnInterviewHeld', data: { episodeId: 'e-1', heldAt: '2026-06-06T08:00:00Z' } });
    expect(late.facts.map((f) => f.value)).toEqual(['held-later']);
    expect(episodeFacts(returned.times, { type: 'ReturnInterviewNotHeld', data: { episodeId: 'e-1', recordedAt: '2026-07-01T08:00:00Z' } }).facts.map((f) => `${f.month} ${f.value}`)).toEqual(['2026-07 not-held']);
  });
});
