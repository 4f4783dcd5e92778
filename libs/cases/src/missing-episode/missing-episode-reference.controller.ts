import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CASES_SETTINGS, CasesSettings } from '../cases.settings';
import { SEMRAC_RULES } from '../semrac-listing/semrac-listing.events';
import { MISSING_FROM, MISSING_RISK_LEVELS, POLICE_CATEGORIES } from './missing-episode.events';

const toList = (entries: Record<string, string>) => Object.entries(entries).map(([code, label]) => ({ code, label }));

@ApiTags('reference')
@Controller('reference')
export class MissingEpisodeReferenceController {
  constructor(@Inject(CASES_SETTINGS) private readonly settings: CasesSettings) {}

  @Get('missing-episodes')
  @ApiOperation({ summary: "The codes a missing episode uses, the return interview period and the SEMRAC listing criteria in force (the board's configuration)" })
  @ApiOkResponse({
    description: 'Codes and thresholds',
    schema: {
      example: {
        missingFrom: [{ code: 'care-placement', label: 'Care placement' }],
        policeCategories: [{ code: 'missing', label: 'Missing' }],
        riskLevels: [{ code: 'high', label: 'High' }],
        returnInterviewHours: 72,
        semracCriteria: [{ rule: 'missing-repeatedly', label: 'Missing repeatedly', threshold: '3 or more episodes within any 90 days' }],
      },
    },
  })
  missingEpisodes() {
    const s = this.settings;
    const thresholds: Record<keyof typeof SEMRAC_RULES, string> = {
      'missing-repeatedly': `${s.SEMRAC_MISSING_EPISODES} or more episodes within any ${s.SEMRAC_MISSING_WINDOW_DAYS} days`,
      'missing-over-threshold': `missing for more than ${s.SEMRAC_MISSING_HOURS} hours (listed while still missing, or on the return)`,
      'missing-concerning': 'an episode marked as appearing concerning, on report or update',
      'risk-band': 'a risk assessment banded moderate or significant',
    };
    return {
      missingFrom: toList(MISSING_FROM),
      policeCategories: toList(POLICE_CATEGORIES),
      riskLevels: toList(MISSING_RISK_LEVELS),
      returnInterviewHours: s.RETURN_INTERVIEW_HOURS,
      semracCriteria: Object.entries(SEMRAC_RULES).map(([rule, label]) => ({ rule, label, threshold: thresholds[rule as keyof typeof SEMRAC_RULES] })),
    };
  }
}
