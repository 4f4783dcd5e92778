import { StorageConfig } from '@app/common';
import { withCasesSettings } from '@app/cases';
import { withMessagingSettings } from '@app/messaging';
import { withRetentionSettings } from '@app/retention';
import { withSharingSettings } from '@app/sharing';

/** The projector only reads the event store and writes read models; it serves no HTTP. */
export class ProjectorConfig extends withSharingSettings(withRetentionSettings(withMessagingSettings(withCasesSettings(StorageConfig)))) {}
