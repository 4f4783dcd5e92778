import { StorageConfig } from '@app/common';

/** The projector only reads the event store and writes read models; it serves no HTTP. */
export class ProjectorConfig extends StorageConfig {}
