import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, StorageConfig } from '@app/common';
import { withCasesSettings } from '../cases.settings';
import {
  AssessedSign,
  DEFAULT_RISK_SCHEME,
  RiskInput,
  RiskScheme,
  RiskSchemeError,
  addMonths,
  assessRisk,
  childAgeAt,
  parseRiskScheme,
} from './risk-scheme';
import { loadRiskScheme } from './risk-scheme.loader';

const ON = '2026-11-28T10:00:00.000Z';
const score = (input: Partial<RiskInput>, scheme: RiskScheme = DEFAULT_RISK_SCHEME) =>
  assessRisk(scheme, { assessedAt: ON, vulnerabilities: [], signs: [], disclosure: false, ...input }, 3);
const vulnerabilities = (n: number) =>
  ['V-HOMELESS', 'V-LOW-SELF-ESTEEM', 'V-NEGLECT', 'V-BEREAVEMENT', 'V-YOUNG-CARER', 'V-LEARNING-DISABILITY', 'V-LACKING-FRIENDS', 'V-GANG-NEIGHBOURHOOD'].slice(0, n);
const significant = (code: string, lastObserved = '2026-11-20'): AssessedSign => ({ code, severity: 'significant', lastObserved });
const moderate = (code: string, lastObserved = '2026-11-20'): AssessedSign => ({ code, severity: 'moderate', lastObserved });

describe('risk scoring, SERAF-style default scheme', () => {
  it('scores 1 per vulnerability present, each once', () => {
    expect(score({ vulnerabilities: ['V-HOMELESS', 'V-NEGLECT', 'V-HOMELESS'] }).score).toBe(2);
  });

  it('scores 1 per moderate and 5 per significant sign within 6 months', () => {
    const result = score({ signs: [moderate('S-SCHOOL-ABSENCE'), significant('S-MISSING'), significant('S-SELF-HARM')] });
    expect(result.score).toBe(11);
    expect(result.breakdown.signs.map((s) => [s.code, s.recency, s.points])).toEqual([
      ['S-SCHOOL-ABSENCE', 'recent', 1],
      ['S-MISSING', 'recent', 5],
      ['S-SELF-HARM', 'recent', 5],
    ]);
  });

  describe('recency (a boundary day counts in the nearer window)', () => {
    it('counts a significant sign seen exactly 6 months ago as within 6 months (5), a day earlier as 6-12 months ago (1)', () => {
      expect(score({ signs: [significant('S-MISSING', '2026-05-28')] }).score).toBe(5);
      expect(score({ signs: [significant('S-MISSING', '2026-05-27')] }).score).toBe(1);
    });

    it('counts a significant sign seen exactly 12 months ago (1), and nothing a day earlier', () => {
      expect(score({ signs: [significant('S-MISSING', '2025-11-28')] }).score).toBe(1);
      expect(score({ signs: [significant('S-MISSING', '2025-11-27')] }).score).toBe(0);
    });

    it('counts a moderate sign only within 6 months', () => {
      expect(score({ signs: [moderate('S-OFFENDING', '2026-05-28')] }).score).toBe(1);
      expect(score({ signs: [moderate('S-OFFENDING', '2026-05-27')] }).score).toBe(0);
    });

    it('keeps months on the calendar: 6 months before 31 August is 28 February', () => {
      expect(addMonths('2026-08-31', -6)).toBe('2026-02-28');
      expect(assessRisk(DEFAULT_RISK_SCHEME, { assessedAt: '2026-08-31T09:00:00.000Z', vulnerabilities: [], signs: [significant('S-MISSING', '2026-02-28')], disclosure: false }, 3).score).toBe(5);
      expect(assessRisk(DEFAULT_RISK_SCHEME, { assessedAt: '2026-08-31T09:00:00.000Z', vulnerabilities: [], signs: [significant('S-MISSING', '2026-02-27')], disclosure: false }, 3).score).toBe(1);
    });
  });

  describe('bands', () => {
    it.each([
      [0, 'none'],
      [5, 'none'],
      [6, 'mild'],
      [10, 'mild'],
      [11, 'moderate'],
      [15, 'moderate'],
      [16, 'significant'],
    ] as const)('scores %i as %s', (points, band) => {
      // points = 5 per significant sign + 1 per vulnerability
      const signs = ['S-MISSING', 'S-SELF-HARM', 'S-OFFENDING'].slice(0, Math.floor(points / 5)).map((code) => significant(code));
      const result = score({ signs, vulnerabilities: vulnerabilities(points % 5) });
      expect(result.score).toBe(points);
      expect(result.band).toBe(band);
      expect(result.reasons).toEqual([expect.objectContaining({ rule: 'score', band, effect: 'sets' })]);
    });
  });

  describe('a disclosure of exploitation', () => {
    it('sets the highest band whatever the score, and says police and children\'s social care must be told', () => {
      const result = score({ disclosure: true });
      expect(result).toMatchObject({ score: 0, band: 'significant', notify: ['police', 'children-social-care'] });
      expect(result.reasons.map((r) => [r.rule, r.effect])).toEqual([
        ['score', 'sets'],
        ['disclosure', 'raised'],
      ]);
    });

    it('still notifies when the score already gave the highest band', () => {
      const result = score({ disclosure: true, signs: [significant('S-MISSING'), significant('S-SELF-HARM'), significant('S-SUICIDE'), significant('S-OFFENDING')] });
      expect(result).toMatchObject({ score: 20, band: 'significant', notify: ['police', 'children-social-care'] });
      expect(result.reasons[1]).toMatchObject({ rule: 'disclosure', effect: 'no-change' });
    });

    it('notifies no one without a disclosure', () => {
      expect(score({}).notify).toEqual([]);
    });
  });

  describe('a child aged 13 or under with a significant sign within 6 months', () => {
    it('is at least moderate at 13, not at 14', () => {
      const at13 = score({ childAge: 13, signs: [significant('S-MISSING')] });
      expect(at13).toMatchObject({ score: 5, band: 'moderate' });
      expect(at13.reasons[1]).toMatchObject({ rule: 'young-child-significant-sign', band: 'moderate', effect: 'raised' });
      expect(score({ childAge: 14, signs: [significant('S-MISSING')] })).toMatchObject({ score: 5, band: 'none', reasons: [expect.objectContaining({ rule: 'score' })] });
    });

    it('needs the significant sign within 6 months, not a moderate one or an older one', () => {
      expect(score({ childAge: 12, signs: [moderate('S-MISSING')] }).band).toBe('none');
      expect(score({ childAge: 12, signs: [significant('S-MISSING', '2026-05-27')] }).band).toBe('none');
    });

    it('never lowers a higher band', () => {
      const result = score({ childAge: 12, signs: [significant('S-MISSING'), significant('S-SELF-HARM'), significant('S-OFFENDING'), significant('S-SUICIDE')] });
      expect(result.band).toBe('significant');
      expect(result.reasons[1]).toMatchObject({ rule: 'young-child-significant-sign', effect: 'no-change' });
    });
  });

  describe("the child's age on the assessment date", () => {
    it('counts from the date of birth: 13 the day before the 14th birthday, 14 on it', () => {
      expect(childAgeAt({ dateOfBirth: '2012-11-29' }, ON)).toBe(13);
      expect(childAgeAt({ dateOfBirth: '2012-11-28' }, ON)).toBe(14);
    });

    it('adds the years since an approximate age was given', () => {
      expect(childAgeAt({ approximateAge: 13, ageGivenAt: '2026-06-01T09:00:00.000Z' }, ON)).toBe(13);
      expect(childAgeAt({ approximateAge: 13, ageGivenAt: '2025-11-28T09:00:00.000Z' }, ON)).toBe(14);
      expect(childAgeAt({ approximateAge: 14, ageGivenAt: '2026-11-20T09:00:00.000Z' }, ON)).toBe(14);
    });

    it('counts a 29 February birthday on 1 March in other years', () => {
      expect(childAgeAt({ dateOfBirth: '2012-02-29' }, '2026-02-28T12:00:00.000Z')).toBe(13);
      expect(childAgeAt({ dateOfBirth: '2012-02-29' }, '2026-03-01T12:00:00.000Z')).toBe(14);
    });
  });

  it('sets the next review the reassessment period after the assessment date', () => {
    expect(score({}).nextReviewDue).toBe('2027-02-28');
    expect(assessRisk(DEFAULT_RISK_SCHEME, { assessedAt: '2026-11-30T10:00:00.000Z', vulnerabilities: [], signs: [], disclosure: false }, 3).nextReviewDue).toBe('2027-02-28');
    expect(assessRisk(DEFAULT_RISK_SCHEME, { assessedAt: '2026-11-30T10:00:00.000Z', vulnerabilities: [], signs: [], disclosure: false }, 1).nextReviewDue).toBe('2026-12-30');
  });

  it('gives a breakdown that adds up to the score', () => {
    const result = score({ vulnerabilities: ['V-HOMELESS'], signs: [significant('S-MISSING', '2026-01-10'), moderate('S-OFFENDING')] });
    expect(result.breakdown).toEqual({
      vulnerabilities: [{ code: 'V-HOMELESS', points: 1 }],
      signs: [
        { code: 'S-MISSING', severity: 'significant', lastObserved: '2026-01-10', recency: 'earlier', points: 1 },
        { code: 'S-OFFENDING', severity: 'moderate', lastObserved: '2026-11-20', recency: 'recent', points: 1 },
      ],
      total: 3,
    });
    expect(result.score).toBe(3);
  });
});

describe("a board's own risk scheme", () => {
  const boardScheme = {
    name: 'Example board scheme',
    version: '2026-1',
    recency: { recentMonths: 3, earlierMonths: 9 },
    weights: { vulnerability: 2, moderate: { recent: 2, earlier: 1 }, significant: { recent: 6, earlier: 2 } },
    bands: [
      { band: 'none', label: 'No current risk', minScore: 0 },
      { band: 'mild', label: 'Low', minScore: 4 },
      { band: 'moderate', label: 'Medium', minScore: 8 },
      { band: 'significant', label: 'High', minScore: 12 },
    ],
  };
  let dir: string;
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'risk-scheme-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is loaded from JSON and scores with its own weights, windows and bands', () => {
    const scheme = loadRiskScheme(file('board.json', JSON.stringify(boardScheme)));
    expect(scheme).toMatchObject({ name: 'Example board scheme', version: '2026-1' });
    // 2 vulnerabilities (4) + a significant sign 4 months ago, past this scheme's 3-month window (2) = 6: Low.
    const result = assessRisk(scheme, { assessedAt: ON, vulnerabilities: ['V-HOMELESS', 'V-NEGLECT'], signs: [significant('S-MISSING', '2026-07-28')], disclosure: false }, 3);
    expect(result).toMatchObject({ score: 6, band: 'mild' });
    expect(result.reasons[0].explanation).toBe('Score 6 is in the band 4-7: Low');
  });

  it('is the built-in default when no file is set', () => {
    expect(loadRiskScheme(undefined)).toBe(DEFAULT_RISK_SCHEME);
    expect(DEFAULT_RISK_SCHEME.name).toBe('SERAF-style default (Safeguard built-in), configurable');
  });

  it('is refused, naming each problem, when it does not hold together', () => {
    const broken = {
      ...boardScheme,
      name: '',
      recency: { recentMonths: 6, earlierMonths: 6 },
      weights: { ...boardScheme.weights, vulnerability: -1 },
      bands: [boardScheme.bands[0], boardScheme.bands[2], boardScheme.bands[1], boardScheme.bands[3]],
      extra: true,
    };
    let error: unknown;
    try {
      parseRiskScheme(broken);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RiskSchemeError);
    expect((error as RiskSchemeError).problems).toEqual(
      expect.arrayContaining([
        'extra is not a scheme setting',
        'name must be text of 1-200 characters',
        'recency.earlierMonths must be more than recency.recentMonths',
        'weights.vulnerability must be a whole number from 0 to 100',
        'bands[1].band must be mild',
        'bands[2].band must be moderate',
        'bands[2].minScore must be more than the band before',
      ]),
    );
  });

  it('is refused when the file is missing or not JSON', () => {
    expect(() => loadRiskScheme(join(dir, 'missing.json'))).toThrow(/cannot be read \(ENOENT\)/);
    expect(() => loadRiskScheme(file('bad.json', '{ "name": '))).toThrow(/not valid JSON/);
  });

  it('is checked with the settings at boot: a bad scheme file stops the app, naming RISK_SCHEME_FILE', () => {
    class Settings extends withCasesSettings(StorageConfig) {}
    const good = file('good.json', JSON.stringify(boardScheme));
    expect(loadConfig(Settings, { RISK_SCHEME_FILE: good }).RISK_SCHEME_FILE).toBe(good);
    expect(loadConfig(Settings, {}).RISK_SCHEME_FILE).toBeUndefined();
    const bad = file('bad-bands.json', JSON.stringify({ ...boardScheme, bands: boardScheme.bands.slice(0, 3) }));
    expect(() => loadConfig(Settings, { RISK_SCHEME_FILE: bad })).toThrow(/RISK_SCHEME_FILE.*bands must list the 4 bands/);
  });
});
