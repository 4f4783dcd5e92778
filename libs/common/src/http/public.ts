import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'safeguard:public';

/**
 * Marks a controller or route as open without a bearer token. Only health, metrics and the
 * development issuer's own endpoints are; everything else needs a verified identity (issue 6).
 */
export const Public = () => SetMetadata(IS_PUBLIC, true);
