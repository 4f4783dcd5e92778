import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { ConsoleRequest } from '../session/console-session';
import { ApiProblem, SignInRequired } from './console-api';
import { ConsolePages } from './console-pages';

/**
 * Errors on console pages become pages: sign in again (a redirect), "you do not have access" (403),
 * "page not found" (404), "this was changed by someone else" (409), or the service's problem page.
 * Nothing of the error is shown beyond the API's own message (which never holds personal data).
 */
@Catch()
export class ConsoleErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Console');

  constructor(private readonly pages: ConsolePages) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<ConsoleRequest>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    if (error instanceof SignInRequired) {
      if (req.session) {
        delete req.session.user;
        delete req.session.accessToken;
      }
      res.redirect(303, '/console/sign-in');
      return;
    }
    const status = error instanceof ApiProblem ? error.status : error instanceof HttpException ? error.getStatus() : 500;
    const page = (template: string, context: Record<string, unknown>, code: number) => res.send(this.pages.render(req, res, template, context, code));
    if (status === 403) return void page('errors/forbidden.njk', { message: error instanceof ApiProblem ? error.message : undefined }, 403);
    if (status === 404) return void page('errors/not-found.njk', {}, 404);
    if (status === 409 || status === 412) return void page('errors/conflict.njk', { message: (error as Error).message }, status);
    if (status === 429) return void page('errors/problem.njk', { title: 'Too many requests', message: 'Wait a minute, then try again.' }, 429);
    if (status >= 400 && status < 500) return void page('errors/problem.njk', { title: 'This could not be done', message: (error as Error).message }, status);
    this.logger.error(`Console page failed: ${error instanceof Error ? error.name : 'error'} ${status}`);
    page('errors/problem.njk', { title: 'Sorry, there is a problem with the service', message: 'Try again later. If you were saving something, check the record before you try again.' }, status >= 500 ? status : 500);
  }
}
