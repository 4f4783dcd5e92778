import { Type } from 'class-transformer';
import { IsInt, IsString, Max, Min } from 'class-validator';
import { withAccessSettings } from '@app/access';
import { withAnalysisSettings } from '@app/analysis';
import { StorageConfig } from '@app/common';
import { withCasesSettings } from '@app/cases';
import { withMessagingSettings } from '@app/messaging';
import { withRetentionSettings } from '@app/retention';
import { withSharingSettings } from '@app/sharing';

/**
 * The projector reads the event store and writes read models; its process managers and consumers
 * write through the one write path, so it carries the access policy's settings too. Its only HTTP
 * is GET /health/live and /health/ready, for the orchestrator's probes.
 */
export class ProjectorConfig extends withAnalysisSettings(withAccessSettings(withSharingSettings(withRetentionSettings(withMessagingSettings(withCasesSettings(StorageConfig)))))) {
  /** The port of the projector's health routes. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PROJECTOR_HTTP_PORT = 3006;

  /** The address the health routes listen on; 127.0.0.1 unless probed from another host (a container). */
  @IsString()
  PROJECTOR_HTTP_HOST = '127.0.0.1';
}
