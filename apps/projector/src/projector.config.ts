import { StorageConfig } from '@app/common';
import { withCasesSettings } from '@app/cases';
import { withMessagingSettings } from '@app/messaging';

/** The projector only reads the event store and writes read models; it serves no HTTP. */
export class ProjectorConfig extends withMessagingSettings(withCasesSettings(StorageConfig)) {}
