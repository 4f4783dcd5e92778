import { ActionDue, CaseMissing, CaseRisk, EpisodeTimes, childSegments, placeOf, profilePlaces, addMonths, doneOnTime, semracFacts, ageBandOf, ageOn, delayBandOf, durationBandOf, episodeFacts, heldInTime, idValue, intelFacts, latestRisk, monthOf, monthsBetween, poiAgeBandOf, poiFacts, referralFacts, repeatedMissingFacts, riskFacts, riskMovement, shareFacts } from './profile-facts';
import { placeListProblems } from '../analysis.settings';
import { PROFILE_FOLD_VERSION, profileProjectionVersion } from './profile.projection';

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
    expect(referralFacts(referral).filter((f) => f.segment === undefined).map((f) => `${f.month} ${f.measure}=${f.value} ${f.delta}`)).toEqual([
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
      '2026-05 referrals.area=not-recorded 1',
      '2026-05 referrals.school=not-recorded 1',
    ]);
  });

  it('counts every one of them again in each segment of its child', () => {
    const facts = referralFacts(referral);
    const segments = ['group:looked-after', 'group:migrant-or-unaccompanied', 'gender:female', 'ageBand:13-15', 'ethnicGroup:asian'];
    expect([...new Set(facts.map((f) => f.segment ?? 'all'))]).toEqual(['all', ...segments]);
    for (const segment of segments) {
      expect(facts.filter((f) => f.segment === segment).map((f) => `${f.measure}=${f.value}`)).toEqual(facts.filter((f) => f.segment === undefined).map((f) => `${f.measure}=${f.value}`));
    }
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
    expect(reported.times).toEqual({ episodeId: 'e-1', reportedAt: '2026-05-31T22:00:00Z', lastSeenAt: '2026-05-31T20:00:00Z', returnedAt: null, segments: [] });
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

describe('risk bands, first and latest', () => {
  const show = (facts: { month: string; measure: string; value: string; delta: number }[]) => facts.map((f) => `${f.month} ${f.measure}=${f.value} ${f.delta}`);
  const assessed = (band: string, assessedAt: string) => ({ type: 'RiskAssessed' as const, data: { caseId: 'c-1', band, assessedAt } });
  const agreed = (agreedRiskLevel: string, discussedAt: string) => ({ type: 'DiscussedAtSemrac' as const, data: { caseId: 'c-1', agreedRiskLevel, discussedAt } });

  it('counts a case once, in the month of its first band, until a second comes', () => {
    const first = riskFacts(undefined, assessed('mild', '2026-05-10T10:00:00Z'));
    expect(first.risk).toEqual({ caseId: 'c-1', firstBand: 'mild', assessedBand: 'mild', assessedAt: '2026-05-10T10:00:00Z', agreedBand: null, agreedAt: null, riskEvents: 1, segments: [] });
    expect(show(first.facts)).toEqual(['2026-05 risk.firstBand=mild 1', '2026-05 risk.latestBand=mild 1', '2026-05 risk.movement=assessed-once 1']);
  });

  it('moves the case to the month of its latest assessment, with the movement from its first band', () => {
    const first = riskFacts(undefined, assessed('mild', '2026-05-10T10:00:00Z'));
    const second = riskFacts(first.risk, assessed('significant', '2026-07-01T09:00:00Z'));
    expect(show(second.facts)).toEqual([
      '2026-05 risk.firstBand=mild -1',
      '2026-05 risk.latestBand=mild -1',
      '2026-05 risk.movement=assessed-once -1',
      '2026-07 risk.firstBand=mild 1',
      '2026-07 risk.latestBand=significant 1',
      '2026-07 risk.movement=up 1',
    ]);
    // Whatever the order of bands in between, only the first and the latest count.
    const third = riskFacts(second.risk, assessed('none', '2026-08-01T09:00:00Z'));
    expect(show(third.facts).filter((f) => f.endsWith(' 1') && !f.endsWith('-1'))).toEqual(['2026-08 risk.firstBand=mild 1', '2026-08 risk.latestBand=none 1', '2026-08 risk.movement=down 1']);
  });

  it('reads the band as the case view does: the latest of the last assessment and the level SEMRAC last agreed', () => {
    const first = riskFacts(undefined, assessed('moderate', '2026-05-10T10:00:00Z'));
    const atSemrac = riskFacts(first.risk, agreed('moderate', '2026-05-20T10:00:00Z'));
    expect(show(atSemrac.facts).slice(3)).toEqual(['2026-05 risk.firstBand=moderate 1', '2026-05 risk.latestBand=moderate 1', '2026-05 risk.movement=same 1']);
    // An agreement dated before the last assessment does not override it, but is counted as a second band.
    const reassessed = riskFacts(atSemrac.risk, assessed('significant', '2026-06-02T10:00:00Z'));
    const backdated = riskFacts(reassessed.risk, agreed('mild', '2026-06-01T10:00:00Z'));
    expect(latestRisk(backdated.risk)).toEqual({ band: 'significant', at: '2026-06-02T10:00:00Z' });
    expect(show(backdated.facts).slice(3)).toEqual(['2026-06 risk.firstBand=moderate 1', '2026-06 risk.latestBand=significant 1', '2026-06 risk.movement=up 1']);
  });

  it('takes a case first banded at SEMRAC from the agreed level', () => {
    expect(show(riskFacts(undefined, agreed('significant', '2026-03-03')).facts)).toEqual([
      '2026-03 risk.firstBand=significant 1',
      '2026-03 risk.latestBand=significant 1',
      '2026-03 risk.movement=assessed-once 1',
    ]);
  });

  it('counts nothing for a time that is no time, and takes nothing back that it did not count', () => {
    const unreadable = riskFacts(undefined, assessed('mild', 'sometime'));
    expect(unreadable.facts).toEqual([]);
    const later = riskFacts(unreadable.risk, assessed('none', '2026-09-09T09:00:00Z'));
    expect(show(later.facts)).toEqual(['2026-09 risk.firstBand=mild 1', '2026-09 risk.latestBand=none 1', '2026-09 risk.movement=down 1']);
  });

  it.each([
    ['none', 'significant', 'up'],
    ['moderate', 'mild', 'down'],
    ['mild', 'mild', 'same'],
  ])('moves from %s to %s: %s', (first, latest, movement) => {
    expect(riskMovement(first, latest, 2)).toBe(movement);
  });

  it('keeps ids, bands and times only', () => {
    const risk: CaseRisk = riskFacts(undefined, assessed('mild', '2026-05-10T10:00:00Z')).risk;
    expect(Object.keys(risk).sort()).toEqual(['agreedAt', 'agreedBand', 'assessedAt', 'assessedBand', 'caseId', 'firstBand', 'riskEvents', 'segments']);
  });
});

describe('children missing repeatedly (3 or more episodes within 90 days)', () => {
  const DAY = 86_400_000;
  const at = (day: number) => new Date(Date.UTC(2026, 0, 1) + day * DAY).toISOString();
  const fold = (reports: [string, number][], caseId = 'c-1') => {
    let missing: CaseMissing | undefined;
    const counted: string[] = [];
    for (const [episodeId, day] of reports) {
      const next = repeatedMissingFacts(missing, { caseId, episodeId, lastSeenAt: at(day), reportedAt: at(day + 0.1) });
      missing = next.missing;
      counted.push(...next.facts.map((f) => `${f.month} ${f.measure}=${f.value} ${f.delta}`));
    }
    return { missing, counted };
  };

  it('counts the child in the month of the report that makes the third episode within 90 days', () => {
    // Days 0, 40 and 89 (last seen 2026-03-31): the third is within 90 days of the first.
    expect(fold([['e-1', 0], ['e-2', 40], ['e-3', 89]]).counted).toEqual(['2026-03 missing.repeatedly=children 1']);
  });

  it('does not count three episodes spread over more than 90 days', () => {
    expect(fold([['e-1', 0], ['e-2', 45], ['e-3', 90.5]]).counted).toEqual([]);
  });

  it('counts a child once a month however many more episodes meet the rule, and again in a later month', () => {
    // Jan 1, 2, 3 meet it; Jan 4 too, the same month; Feb 1 meets it again (with Jan 2, 3, 4).
    const { missing, counted } = fold([['e-1', 0], ['e-2', 1], ['e-3', 2], ['e-4', 3], ['e-5', 31]]);
    expect(counted).toEqual(['2026-01 missing.repeatedly=children 1', '2026-02 missing.repeatedly=children 1']);
    expect(missing?.monthsMet).toEqual(['2026-01', '2026-02']);
  });

  it('takes an episode reported twice once', () => {
    expect(fold([['e-1', 0], ['e-1', 1], ['e-2', 2]]).counted).toEqual([]);
  });

  it('counts an episode recorded after a later one, with an earlier last sighting, when it completes a window', () => {
    // Days 0 and 80, then day 40 (2026-02-10): all three within 90 days.
    expect(fold([['e-1', 0], ['e-2', 80], ['e-3', 40]]).counted).toEqual(['2026-02 missing.repeatedly=children 1']);
  });

  it('keeps ids and times only', () => {
    expect(Object.keys(fold([['e-1', 0]]).missing!).sort()).toEqual(['caseId', 'episodes', 'monthsMet']);
    expect(Object.keys(fold([['e-1', 0]]).missing!.episodes[0]).sort()).toEqual(['episodeId', 'lastSeenAt']);
  });
});

describe('persons of interest', () => {
  const show = (facts: { month: string; measure: string; value: string; delta: number }[]) => facts.map((f) => `${f.month} ${f.measure}=${f.value} ${f.delta}`);

  it.each([
    [{ dateOfBirth: '2009-06-16' }, 'under-18'],
    [{ dateOfBirth: '2008-06-15' }, '18-24'],
    [{ approximateAge: 24 }, '18-24'],
    [{ approximateAge: 25 }, '25-34'],
    [{ dateOfBirth: '1991-06-15' }, '35-plus'],
    [{ dateOfBirth: '[erased]', approximateAge: 30 }, '25-34'],
    [{}, 'not-known'],
  ])('%p on 2026-06-15 is %s', (identifiers, band) => {
    expect(poiAgeBandOf(identifiers, '2026-06-15')).toBe(band);
  });

  it('counts a person recorded by age band and gender in the month recorded, an erased or missing gender as not known', () => {
    expect(show(poiFacts({ type: 'PersonOfInterestRecorded', data: { identifiers: { approximateAge: 22, gender: 'male' }, recordedAt: '2026-06-30T23:00:00Z' } }))).toEqual([
      '2026-06 poi.ageBand=18-24 1',
      '2026-06 poi.gender=male 1',
    ]);
    expect(poiFacts({ type: 'PersonOfInterestRecorded', data: { identifiers: { gender: '[erased]' }, recordedAt: '2026-06-01' } }).map((f) => f.value)).toEqual(['not-known', 'not-known']);
    expect(poiFacts({ type: 'PersonOfInterestRecorded', data: { identifiers: {}, recordedAt: '2026-06-01' } }).map((f) => f.value)).toEqual(['not-known', 'not-known']);
  });

  it('counts links to children’s cases by their nature, and no other link', () => {
    expect(show(poiFacts({ type: 'PersonOfInterestLinked', data: { target: { kind: 'case' }, nature: 'suspected-exploiter', linkedAt: '2026-07-02T10:00:00Z' } }))).toEqual([
      '2026-07 poi.childLinks=suspected-exploiter 1',
    ]);
    expect(poiFacts({ type: 'PersonOfInterestLinked', data: { target: { kind: 'location' }, nature: 'frequents', linkedAt: '2026-07-02T10:00:00Z' } })).toEqual([]);
    expect(poiFacts({ type: 'PersonOfInterestLinked', data: { target: { kind: 'poi' }, nature: 'associate', linkedAt: '2026-07-02T10:00:00Z' } })).toEqual([]);
  });

  it('counts a disruption by kind in the month it happened, and an intervention in the month it started', () => {
    expect(show(poiFacts({ type: 'DisruptionRecorded', data: { kind: 'arrest', on: '2026-05-31', recordedAt: '2026-06-02T09:00:00Z' } }))).toEqual(['2026-05 poi.disruption=arrest 1']);
    expect(show(poiFacts({ type: 'DisruptionRecorded', data: { kind: 'charge', on: 'unknown', recordedAt: '2026-06-02T09:00:00Z' } }))).toEqual(['2026-06 poi.disruption=charge 1']);
    expect(show(poiFacts({ type: 'DisengagementInterventionRecorded', data: { startedOn: '2026-04-20', recordedAt: '2026-05-01T09:00:00Z' } }))).toEqual(['2026-04 poi.intervention=started 1']);
  });
});

describe('intelligence', () => {
  const show = (facts: { month: string; measure: string; value: string; delta: number }[]) => facts.map((f) => `${f.month} ${f.measure}=${f.value} ${f.delta}`);

  it('bands the time from submission to dissemination', () => {
    expect(delayBandOf('2026-05-01T10:00:00Z', '2026-05-02T09:59:00Z')).toBe('under-24h');
    expect(delayBandOf('2026-05-01T10:00:00Z', '2026-05-04T10:00:00Z')).toBe('1-3-days');
    expect(delayBandOf('2026-05-01T10:00:00Z', '2026-05-08T10:00:00Z')).toBe('4-7-days');
    expect(delayBandOf('2026-05-01T10:00:00Z', '2026-05-08T10:01:00Z')).toBe('over-7-days');
    expect(delayBandOf(null, '2026-05-08T10:01:00Z')).toBe('not-known');
    expect(delayBandOf('[erased]', '2026-05-08T10:01:00Z')).toBe('not-known');
  });

  it('counts a submission by agency, a grading by source and assessment, the first dissemination by its delay, and acknowledgements by outcome', () => {
    const submitted = intelFacts(undefined, { type: 'InformationSubmitted', data: { itemId: 'i-1', submittedAt: '2026-05-31T20:00:00Z' } }, 'bf-school');
    expect(submitted.times).toEqual({ itemId: 'i-1', submittedAt: '2026-05-31T20:00:00Z', disseminated: false });
    expect(show(submitted.facts)).toEqual(['2026-05 intel.submitted=bf-school 1']);
    // The same submission again changes nothing.
    expect(intelFacts(submitted.times, { type: 'InformationSubmitted', data: { itemId: 'i-1', submittedAt: '2026-06-01T20:00:00Z' } }, 'bf-school').facts).toEqual([]);

    const graded = intelFacts(submitted.times, { type: 'IntelligenceGraded', data: { itemId: 'i-1', grading: { source: 2, assessment: 'B' }, gradedAt: '2026-06-01T09:00:00Z' } });
    expect(show(graded.facts)).toEqual(['2026-06 intel.grading=2/B 1']);

    const first = intelFacts(graded.times, { type: 'IntelligenceDisseminated', data: { itemId: 'i-1', disseminatedAt: '2026-06-02T09:00:00Z' } });
    expect(show(first.facts)).toEqual(['2026-06 intel.toDissemination=1-3-days 1']);
    // A regrade sends it again: counted once.
    expect(intelFacts(first.times, { type: 'IntelligenceDisseminated', data: { itemId: 'i-1', disseminatedAt: '2026-06-20T09:00:00Z' } }).facts).toEqual([]);

    expect(show(intelFacts(first.times, { type: 'PoliceAcknowledgementRecorded', data: { itemId: 'i-1', outcome: 'actioned', acknowledgedAt: '2026-07-01T09:00:00Z' } }).facts)).toEqual([
      '2026-07 intel.acknowledgement=actioned 1',
    ]);
  });

  it('counts a submission with no agency as not known, and a dissemination with no submission once, its delay not known', () => {
    expect(show(intelFacts(undefined, { type: 'InformationSubmitted', data: { itemId: 'i-2', submittedAt: '2026-05-01T10:00:00Z' } }).facts)).toEqual(['2026-05 intel.submitted=not-known 1']);
    const orphan = intelFacts(undefined, { type: 'IntelligenceDisseminated', data: { itemId: 'i-3', disseminatedAt: '2026-05-01T10:00:00Z' } });
    expect(show(orphan.facts)).toEqual(['2026-05 intel.toDissemination=not-known 1']);
    expect(intelFacts(orphan.times, { type: 'IntelligenceDisseminated', data: { itemId: 'i-3', disseminatedAt: '2026-05-02T10:00:00Z' } }).facts).toEqual([]);
  });
});

describe('sharing', () => {
  const show = (facts: { month: string; measure: string; value: string; delta: number }[]) => facts.map((f) => `${f.month} ${f.measure}=${f.value} ${f.delta}`);

  it('counts a share sent by peer, label and lawful basis, and the time from request to approval', () => {
    const requested = shareFacts(undefined, { type: 'ShareRequested', data: { shareId: 's-1', requestedAt: '2026-05-31T09:00:00Z' } });
    expect(requested).toEqual({ times: { shareId: 's-1', requestedAt: '2026-05-31T09:00:00Z', approved: false }, facts: [] });
    const approved = shareFacts(requested.times, { type: 'ShareApproved', data: { shareId: 's-1', approvedAt: '2026-06-02T10:00:00Z' } });
    expect(show(approved.facts)).toEqual(['2026-06 sharing.toApproval=1-3-days 1']);
    expect(shareFacts(approved.times, { type: 'ShareApproved', data: { shareId: 's-1', approvedAt: '2026-06-04T10:00:00Z' } }).facts).toEqual([]);
    const sent = shareFacts(approved.times, {
      type: 'ShareSent',
      data: { shareId: 's-1', to: 'westmoor-lscb', label: 'AMBER', lawfulBasis: { code: 'cda-1998-s115' }, sentAt: '2026-06-03T10:00:01Z' },
    });
    expect(show(sent.facts)).toEqual(['2026-06 sharing.peer=westmoor-lscb 1', '2026-06 sharing.label=AMBER 1', '2026-06 sharing.lawfulBasis=cda-1998-s115 1']);
  });

  it('counts refusals and decisions not to share in the month decided', () => {
    expect(show(shareFacts(undefined, { type: 'ShareRefused', data: { shareId: 's-2', refusedAt: '2026-07-01T10:00:00Z' } }).facts)).toEqual(['2026-07 sharing.notShared=refused-by-officer 1']);
    expect(show(shareFacts(undefined, { type: 'DecidedNotToShare', data: { shareId: 's-3', decidedAt: '2026-07-02T10:00:00Z' } }).facts)).toEqual(['2026-07 sharing.notShared=decided-not-to-share 1']);
  });

  it('keeps an id too long for a value as other, and no id as not known', () => {
    expect(idValue('westmoor-lscb')).toBe('westmoor-lscb');
    expect(idValue('x'.repeat(61))).toBe('other');
    expect(idValue(undefined)).toBe('not-known');
  });
});

describe('SEMRAC meetings and actions', () => {
  const show = (facts: { month: string; measure: string; value: string; delta: number }[]) => facts.map((f) => `${f.month} ${f.measure}=${f.value} ${f.delta}`);
  const done = (actionId: string, changedAt: string, status = 'done') => ({ type: 'ActionStatusChanged' as const, data: { actionId, status, changedAt } });

  it('counts a meeting held in the month it was closed', () => {
    expect(show(semracFacts(new Map(), { type: 'MeetingClosed', data: { closedAt: '2026-06-30T16:00:00Z' } }).facts)).toEqual(['2026-06 semrac.meetings=held 1']);
  });

  it('takes the due dates from the discussion, and counts an action done on time or late once, in the month done', () => {
    const discussed = semracFacts(new Map(), { type: 'CaseDiscussionRecorded', data: { caseId: 'c-1', actions: [{ actionId: 'a-1', dueDate: '2026-06-10' }, { actionId: 'a-2', dueDate: '2026-06-10' }] } });
    expect(discussed).toEqual({ changed: [{ actionId: 'a-1', dueDate: '2026-06-10', done: false, segments: [] }, { actionId: 'a-2', dueDate: '2026-06-10', done: false, segments: [] }], facts: [] });
    const actions = new Map<string, ActionDue>(discussed.changed.map((a) => [a.actionId, a]));
    expect(semracFacts(actions, done('a-1', '2026-06-09T10:00:00Z', 'in-progress')).facts).toEqual([]);
    const onTime = semracFacts(actions, done('a-1', '2026-06-10T23:59:00Z'));
    expect(show(onTime.facts)).toEqual(['2026-06 semrac.actionsDone=on-time 1']);
    expect(show(semracFacts(actions, done('a-2', '2026-07-01T09:00:00Z')).facts)).toEqual(['2026-07 semrac.actionsDone=late 1']);
    // Reopened and done again: counted once.
    const after = new Map(actions).set('a-1', onTime.changed[0]);
    expect(semracFacts(after, done('a-1', '2026-07-02T09:00:00Z')).facts).toEqual([]);
    // An action no discussion set is not counted.
    expect(semracFacts(after, done('a-9', '2026-07-02T09:00:00Z')).facts).toEqual([]);
  });

  it('reads a due day whole, in UTC', () => {
    expect(doneOnTime('2026-06-10', '2026-06-10T23:59:59Z')).toBe(true);
    expect(doneOnTime('2026-06-10', '2026-06-11T00:30:00+01:00')).toBe(true);
    expect(doneOnTime('2026-06-10', '2026-06-11T00:00:00Z')).toBe(false);
    expect(doneOnTime('[erased]', '2026-06-01T00:00:00Z')).toBe(false);
  });
});

describe('areas and schools', () => {
  const places = profilePlaces({ PROFILE_AREAS: ' North Ward , South  Ward,,Town Centre', PROFILE_SCHOOLS: 'Brightfield Academy' });

  it('reads the board\'s names from comma-separated settings, tidied, in its order', () => {
    expect([...places.areas.values()]).toEqual(['North Ward', 'South Ward', 'Town Centre']);
    expect([...places.schools.values()]).toEqual(['Brightfield Academy']);
  });

  it.each([
    ['North Ward', 'North Ward'],
    ['north ward', 'North Ward'],
    ['  NORTH\tWARD ', 'North Ward'],
    ['south ward', 'South Ward'],
    ['Northward', 'other'],
    ['North Ward estate', 'other'],
    ['14 Acacia Avenue', 'other'],
    ['', 'not-recorded'],
    ['   ', 'not-recorded'],
    [undefined, 'not-recorded'],
    [null, 'not-recorded'],
    // Erased since: the record no longer holds it.
    ['[erased]', 'not-recorded'],
  ])('counts the area %p under %s', (text, row) => {
    expect(placeOf(text, places.areas)).toBe(row);
  });

  it('never makes a row of a referral\'s own text', () => {
    const facts = referralFacts(
      { referringAgency: { kind: 'education' }, child: { gender: 'male', area: 'Flat 3, Tower Block', school: 'brightfield  ACADEMY', lookedAfter: false, careLeaver: false, migrantOrUnaccompanied: false }, vulnerabilities: [], signs: [], suspectedModel: 'M-ONLINE', referredAt: '2026-05-04' },
      places,
    ).filter((f) => f.segment === undefined);
    expect(facts.filter((f) => f.measure === 'referrals.area' || f.measure === 'referrals.school').map((f) => `${f.measure}=${f.value}`)).toEqual(['referrals.area=other', 'referrals.school=Brightfield Academy']);
  });

  it('counts everything as other when the board configured no names', () => {
    expect(placeOf('North Ward', profilePlaces({}).areas)).toBe('other');
  });
});

describe('segments of a child\'s case', () => {
  const child = { gender: 'male' as const, lookedAfter: false, careLeaver: false, migrantOrUnaccompanied: false };

  it('puts a case in each vulnerable group named, and in one gender, age band at referral and ethnic group', () => {
    expect(childSegments({ ...child, gender: 'female', dateOfBirth: '2012-06-16', ethnicity: 'Black Caribbean', lookedAfter: true, careLeaver: true }, '2026-06-15')).toEqual([
      'group:looked-after',
      'group:care-leaver',
      'gender:female',
      'ageBand:13-15',
      'ethnicGroup:black',
    ]);
    expect(childSegments({ ...child, migrantOrUnaccompanied: true }, '2026-06-15')).toEqual(['group:migrant-or-unaccompanied', 'gender:male', 'ageBand:not-known', 'ethnicGroup:not-coded']);
  });

  it('reads erased fields as not known: the flags, gender and approximate age stay', () => {
    expect(childSegments({ ...child, dateOfBirth: '[erased]', approximateAge: 15, ethnicity: '[erased]', lookedAfter: true }, '2026-06-15')).toEqual([
      'group:looked-after',
      'gender:male',
      'ageBand:13-15',
      'ethnicGroup:not-coded',
    ]);
    // A flag that reads null (erased, were it sealed) puts the case in no group.
    expect(childSegments({ ...child, lookedAfter: null, careLeaver: null, migrantOrUnaccompanied: null }, '2026-06-15')).toEqual(['gender:male', 'ageBand:not-known', 'ethnicGroup:not-coded']);
  });

  it('counts an episode in the segments of the case when it was reported, and moves it out of the same ones', () => {
    const segments = ['group:looked-after', 'gender:female'];
    const reported = episodeFacts(
      undefined,
      { type: 'MissingEpisodeReported', data: { episodeId: 'e-1', missingFrom: 'home', lastSeenAt: '2026-05-01T10:00:00Z', reportedAt: '2026-05-01T12:00:00Z' } },
      segments,
    );
    const show = (facts: { segment?: string; measure: string; value: string; delta: number }[]) => facts.map((f) => `${f.segment ?? 'all'} ${f.measure}=${f.value} ${f.delta}`);
    expect(show(reported.facts)).toEqual([
      'all missing.reported=home 1',
      'all missing.duration=still-missing 1',
      'group:looked-after missing.reported=home 1',
      'group:looked-after missing.duration=still-missing 1',
      'gender:female missing.reported=home 1',
      'gender:female missing.duration=still-missing 1',
    ]);
    // Given other segments later (a new referral since), the episode's counts stay where they were added.
    const returned = episodeFacts(reported.times as EpisodeTimes, { type: 'ChildReturned', data: { episodeId: 'e-1', returnedAt: '2026-05-01T20:00:00Z' } }, ['gender:male']);
    expect(show(returned.facts)).toEqual([
      'all missing.duration=still-missing -1',
      'all missing.duration=under-24h 1',
      'group:looked-after missing.duration=still-missing -1',
      'group:looked-after missing.duration=under-24h 1',
      'gender:female missing.duration=still-missing -1',
      'gender:female missing.duration=under-24h 1',
    ]);
  });

  it('moves a case\'s risk out of the segments it was counted in and into its segments now', () => {
    const assessed = (band: string, assessedAt: string) => ({ type: 'RiskAssessed' as const, data: { caseId: 'c-1', band, assessedAt } });
    const first = riskFacts(undefined, assessed('mild', '2026-05-10T10:00:00Z'), ['ageBand:13-15']);
    const second = riskFacts(first.risk, assessed('moderate', '2026-06-10T10:00:00Z'), ['ageBand:16-17']);
    expect(second.risk.segments).toEqual(['ageBand:16-17']);
    expect(second.facts.filter((f) => f.segment !== undefined).map((f) => `${f.segment} ${f.month} ${f.measure}=${f.value} ${f.delta}`)).toEqual([
      'ageBand:13-15 2026-05 risk.firstBand=mild -1',
      'ageBand:13-15 2026-05 risk.latestBand=mild -1',
      'ageBand:13-15 2026-05 risk.movement=assessed-once -1',
      'ageBand:16-17 2026-06 risk.firstBand=mild 1',
      'ageBand:16-17 2026-06 risk.latestBand=moderate 1',
      'ageBand:16-17 2026-06 risk.movement=up 1',
    ]);
  });

  it('counts an action done in the segments of the case when it was set', () => {
    const discussed = semracFacts(new Map(), { type: 'CaseDiscussionRecorded', data: { caseId: 'c-1', actions: [{ actionId: 'a-1', dueDate: '2026-06-10' }] } }, ['group:care-leaver']);
    const actions = new Map<string, ActionDue>(discussed.changed.map((a) => [a.actionId, a]));
    const done = semracFacts(actions, { type: 'ActionStatusChanged', data: { actionId: 'a-1', status: 'done', changedAt: '2026-06-09T10:00:00Z' } });
    expect(done.facts.map((f) => `${f.segment ?? 'all'} ${f.measure}=${f.value}`)).toEqual(['all semrac.actionsDone=on-time', 'group:care-leaver semrac.actionsDone=on-time']);
    // A meeting held is not about one child: everyone only.
    expect(semracFacts(actions, { type: 'MeetingClosed', data: { closedAt: '2026-06-30T16:00:00Z' } }).facts.map((f) => f.segment)).toEqual([undefined]);
  });
});

describe('the lists of places as settings, and the projection version they give', () => {
  it('refuses a name too long for a row, a name that is a row of its own, and a name given twice', () => {
    expect(placeListProblems('North Ward, South Ward')).toEqual([]);
    expect(placeListProblems('')).toEqual([]);
    expect(placeListProblems(`${'x'.repeat(61)}, Other, north ward, North  Ward`)).toEqual([
      `"${'x'.repeat(20)}…" is longer than 60 characters`,
      '"Other" is a row of its own',
      '"North Ward" is named twice',
    ]);
  });

  it('rebuilds the profile when the names change, not when their order does', () => {
    const version = (areas: string, schools = '') => profileProjectionVersion(profilePlaces({ PROFILE_AREAS: areas, PROFILE_SCHOOLS: schools }));
    expect(Math.floor(version('North Ward') / 1_000_000)).toBe(PROFILE_FOLD_VERSION);
    expect(version('North Ward, South Ward')).toBe(version('South Ward,North Ward'));
    expect(version('North Ward, South Ward')).not.toBe(version('North Ward'));
    expect(version('North Ward')).not.toBe(version('', 'North Ward'));
    expect(version('North Ward')).not.toBe(version('NORTH WARD'));
    expect(version('North Ward')).toBeLessThan(2 ** 31);
  });
});
