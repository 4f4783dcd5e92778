import { Get, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ConsoleController, ConsolePage } from '../http/console-access';
import { ConsolePages, NAVIGATION } from '../http/console-pages';
import { ConsoleRequest } from '../session/console-session';

/** What each area of the console is for, on the home page. */
const DESCRIPTIONS: Record<string, string> = {
  '/console/cases': 'Your cases and your agency’s: chronology, risk, missing episodes, plans.',
  '/console/referrals/new': 'Refer a child you are worried about: vulnerabilities, signs and models of exploitation.',
  '/console/semrac': 'The SEMRAC agenda, meetings, decisions and the action tracker.',
  '/console/intelligence': 'Submissions to grade and sanitise, dissemination, the police feed, persons of interest.',
  '/console/sharing': 'Requests, approvals, the inbox from neighbouring boards and the sharing register.',
  '/console/audit': 'Records as they were, what changed and who read them, chain checks and audit packs.',
  '/console/analysis': 'The problem profile and the biannual report to the board.',
};

@ConsoleController('console')
export class HomeController {
  constructor(private readonly pages: ConsolePages) {}

  @Get()
  @ConsolePage('signed-in')
  home(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response): string {
    const roles = req.session.user!.roles;
    const areas = NAVIGATION.filter((item) => item.roles.some((role) => roles.includes(role))).map((item) => ({ ...item, description: DESCRIPTIONS[item.href] }));
    return this.pages.render(req, res, 'home.njk', { pageTitle: 'Home', areas });
  }
}
