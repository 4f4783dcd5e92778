import { withAccessSettings } from '@app/access';
import { StorageConfig } from '@app/common';
import { withCasesSettings } from '@app/cases';
import { withMessagingSettings } from '@app/messaging';
import { withRetentionSettings } from '@app/retention';
import { withSharingSettings } from '@app/sharing';

/**
 * The projector reads the event store and writes read models; its process managers and consumers
 * write through the one write path, so it carries the access policy's settings too. It serves no HTTP.
 */
export class ProjectorConfig extends withAccessSettings(withSharingSettings(withRetentionSettings(withMessagingSettings(withCasesSettings(StorageConfig))))) {}
