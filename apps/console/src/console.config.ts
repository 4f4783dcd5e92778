import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, Max, Min } from 'class-validator';
import { HttpConfig, parseBoolean } from '@app/common';
import { withAuthSettings } from '@app/auth';
import { withConsoleSettings } from '@app/console';

/**
 * The web console alone, for the distributed deployment: it signs people in with the board's
 * provider (CONSOLE_OIDC_ISSUER_URL) and calls the services' APIs with their tokens
 * (CONSOLE_API_URL, CONSOLE_API_ROUTES). Its sessions live in the read-model database.
 */
export class ConsoleAppConfig extends withConsoleSettings(withAuthSettings(HttpConfig)) {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  override PORT = 3007;

  @Transform(parseBoolean)
  @IsBoolean()
  override PROJECTIONS_RUN = false;
}
