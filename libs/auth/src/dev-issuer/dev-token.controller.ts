import { Body, Controller, Get, HttpCode, NotFoundException, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { Public } from '@app/common';
import { DEMO_USERS } from './demo-users';
import { DevIssuer } from './dev-issuer';

export class DevTokenRequestDto {
  @ApiProperty({ example: 'dc-police', description: 'One of the demo users listed at GET /auth/dev/users' })
  @Matches(/^[a-z0-9-]{1,50}$/, { message: 'username must be a demo user name (GET /auth/dev/users)' })
  username: string;
}

/** Only mounted when the development issuer is on (AUTH_DEV_ISSUER): never in production. */
@ApiTags('development sign-in')
@Public()
@Controller('auth/dev')
export class DevTokenController {
  constructor(private readonly issuer: DevIssuer) {}

  @Get('users')
  @ApiOperation({ summary: 'The demo users (development only)', description: 'Every role, in several agencies of one board. Fictional.' })
  users() {
    return DEMO_USERS;
  }

  @Post('token')
  @HttpCode(200)
  @ApiOperation({ summary: 'A short-lived access token for a demo user (development only)', description: 'Send it as Authorization: Bearer <access_token>.' })
  @ApiOkResponse({ schema: { example: { access_token: 'eyJ…', token_type: 'Bearer', expires_in: 900 } } })
  @ApiBadRequestResponse({ description: 'username missing or malformed' })
  @ApiNotFoundResponse({ description: 'No demo user of that name' })
  token(@Body() body: DevTokenRequestDto) {
    const user = DEMO_USERS.find((u) => u.username === body.username);
    if (!user) throw new NotFoundException({ statusCode: 404, error: 'Not Found', message: 'No demo user of that name: see GET /auth/dev/users' });
    return this.issuer.issue(user);
  }

  @Get('jwks.json')
  @ApiOperation({ summary: 'The development issuer’s public key (JWKS)' })
  jwks() {
    return this.issuer.jwks;
  }
}
