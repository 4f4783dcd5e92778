import { Controller, Get, Redirect } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@app/common';

/** The address people are given (`/`) opens the console. */
@Public()
@ApiExcludeController()
@Controller()
export class RootController {
  @Get()
  @Redirect('/console', 302)
  root(): void {}
}
