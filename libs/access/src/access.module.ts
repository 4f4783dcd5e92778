import { DynamicModule, Global, Module } from '@nestjs/common';
import { WRITE_POLICY } from '@app/common';
import { AccessGate } from './access-gate';
import { ACCESS_SETTINGS, AccessSettings } from './access.settings';
import { AccessRecorder } from './recording/access-recorder';
import { AccessTrail } from './recording/access-trail';

/**
 * Need-to-know access and the access log, for every context's reads. Global: import it once in
 * the app, next to EventStoreModule (whose store it appends to).
 */
@Global()
@Module({})
export class AccessModule {
  /**
   * `trailToken`: also provide the access trail under this token, e.g. libs/audit's
   * `ACCESS_TRAIL_SOURCE`, so that audit trails merge the recorded reads in.
   */
  static forRoot(settings: AccessSettings, options: { trailToken?: string | symbol } = {}): DynamicModule {
    const trail = options.trailToken ? [{ provide: options.trailToken, useExisting: AccessTrail }] : [];
    return {
      module: AccessModule,
      providers: [{ provide: ACCESS_SETTINGS, useValue: settings }, AccessRecorder, AccessGate, AccessTrail, { provide: WRITE_POLICY, useExisting: AccessGate }, ...trail],
      exports: [AccessGate, AccessTrail, WRITE_POLICY, ...trail.map((t) => t.provide)],
    };
  }
}
