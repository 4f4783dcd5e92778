import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, Max, Min } from 'class-validator';
import { HttpConfig, parseBoolean } from '@app/common';
import { withAccessSettings } from '@app/access';
import { withAnalysisSettings } from '@app/analysis';
import { withAuthSettings } from '@app/auth';
import { withMessagingSettings } from '@app/messaging';
import { withSharingSettings } from '@app/sharing';

/**
 * The analysis context alone, for the distributed deployment. The regional picture goes over the
 * sharing channel, so it carries this board's SHARING_* identity and key; the profile's fold needs
 * the board's wards and schools (PROFILE_AREAS, PROFILE_SCHOOLS) as the projector has them. The
 * projector runs the projections, the relay and the profile-topic consumer by default, so
 * PROJECTIONS_RUN is false here.
 */
export class AnalysisServiceConfig extends withAnalysisSettings(withSharingSettings(withAccessSettings(withAuthSettings(withMessagingSettings(HttpConfig))))) {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  override PORT = 3003;

  @Transform(parseBoolean)
  @IsBoolean()
  override PROJECTIONS_RUN = false;
}
