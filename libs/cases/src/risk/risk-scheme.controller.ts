import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CASES_SETTINGS, CasesSettings } from '../cases.settings';
import { DEFAULT_RISK_SCHEME, RiskBand, RiskRule, RiskScheme, YOUNG_CHILD_MAX_AGE, YOUNG_CHILD_MIN_BAND } from './risk-scheme';
import { RISK_SCHEME } from './risk-scheme.loader';

export interface RiskSchemeAnswer extends RiskScheme {
  /** True for the built-in SERAF-style default; false for a scheme the board configured. */
  builtIn: boolean;
  bands: { band: RiskBand; label: string; minScore: number; maxScore?: number }[];
  /** The strategy's rules, applied after the score whatever the scheme. */
  rules: { rule: RiskRule; description: string }[];
  reassessEveryMonths: number;
}

@ApiTags('reference')
@Controller('reference')
export class RiskSchemeController {
  constructor(
    @Inject(RISK_SCHEME) private readonly scheme: RiskScheme,
    @Inject(CASES_SETTINGS) private readonly settings: CasesSettings,
  ) {}

  @Get('risk-scheme')
  @ApiOperation({
    summary: 'The risk assessment scheme in force: its name and version, weights, recency windows, bands and rules',
    description: 'Show its name wherever a band is shown, so everyone knows which scheme scored it. The default is built in and SERAF-style; a board may configure its own (RISK_SCHEME_FILE).',
  })
  @ApiOkResponse({
    description: 'The scheme in force',
    schema: {
      example: {
        name: 'SERAF-style default (Safeguard built-in), configurable',
        version: '1',
        builtIn: true,
        recency: { recentMonths: 6, earlierMonths: 12 },
        weights: { vulnerability: 1, moderate: { recent: 1, earlier: 0 }, significant: { recent: 5, earlier: 1 } },
        bands: [
          { band: 'none', label: 'No current risk', minScore: 0, maxScore: 5 },
          { band: 'mild', label: 'Mild', minScore: 6, maxScore: 10 },
          { band: 'moderate', label: 'Moderate', minScore: 11, maxScore: 15 },
          { band: 'significant', label: 'Significant', minScore: 16 },
        ],
        rules: [
          { rule: 'young-child-significant-sign', description: 'A child aged 13 or under with a significant sign within 6 months is at least Moderate' },
          { rule: 'disclosure', description: "A disclosure of exploitation sets the highest band and notifies police and children's social care" },
        ],
        reassessEveryMonths: 3,
      },
    },
  })
  riskScheme(): RiskSchemeAnswer {
    const { scheme } = this;
    const label = (band: RiskBand) => scheme.bands.find((b) => b.band === band)?.label ?? band;
    return {
      ...scheme,
      builtIn: scheme === DEFAULT_RISK_SCHEME,
      bands: scheme.bands.map((b, i) => ({ ...b, ...(i + 1 < scheme.bands.length ? { maxScore: scheme.bands[i + 1].minScore - 1 } : {}) })),
      rules: [
        {
          rule: 'young-child-significant-sign',
          description: `A child aged ${YOUNG_CHILD_MAX_AGE} or under with a significant sign within ${scheme.recency.recentMonths} months is at least ${label(YOUNG_CHILD_MIN_BAND)}`,
        },
        {
          rule: 'disclosure',
          description: `A disclosure of exploitation sets the highest band (${label(scheme.bands[scheme.bands.length - 1].band)}) and notifies police and children's social care`,
        },
      ],
      reassessEveryMonths: this.settings.RISK_REASSESS_MONTHS,
    };
  }
}
