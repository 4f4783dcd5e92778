import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, Max, Min } from 'class-validator';
import { HttpConfig, parseBoolean } from '@app/common';
import { withAccessSettings } from '@app/access';
import { withAuthSettings } from '@app/auth';
import { withMessagingSettings } from '@app/messaging';
import { withSharingSettings } from '@app/sharing';

/**
 * The sharing context alone, for the distributed deployment. It consumes the board's share topic
 * and relays its outbox where projections run: by default the projector does that (it needs the
 * same SHARING_* settings), so PROJECTIONS_RUN is false here.
 */
export class SharingServiceConfig extends withSharingSettings(withAccessSettings(withAuthSettings(withMessagingSettings(HttpConfig)))) {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  override PORT = 3004;

  @Transform(parseBoolean)
  @IsBoolean()
  override PROJECTIONS_RUN = false;
}
