import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { Role } from '@app/common';
import { ConsoleRequest, csrfTokenOf } from '../session/console-session';
import { ConsoleViews } from '../views/console-views';
import { FieldProblem } from './console-api';

/** A link of the service navigation, shown to users with one of its roles. */
interface NavigationItem {
  href: string;
  text: string;
  roles: readonly Role[];
}

/**
 * What each role works with, in the order the header lists it. A user sees only the links their
 * roles open: the pages behind them refuse anyone else anyway.
 */
export const NAVIGATION: readonly NavigationItem[] = [
  { href: '/console/cases', text: 'Cases', roles: ['referrer', 'practitioner', 'semrac-chair', 'semrac-member'] },
  { href: '/console/referrals/new', text: 'Make a referral', roles: ['referrer', 'practitioner'] },
  { href: '/console/semrac', text: 'SEMRAC', roles: ['semrac-chair', 'semrac-member'] },
  { href: '/console/intelligence', text: 'Intelligence', roles: ['intelligence-officer'] },
  { href: '/console/sharing', text: 'Sharing', roles: ['sharing-officer'] },
  { href: '/console/audit', text: 'Audit', roles: ['auditor'] },
  { href: '/console/analysis', text: 'Problem profile', roles: ['board', 'board-officer', 'analyst'] },
];

/** Where a field the API named is on the page: its input's id (`child.dateOfBirth` → `child-dateOfBirth`). */
export function fieldId(field: string): string {
  return field.replace(/^(body|query) /, '').replace(/\[(\d+)\]/g, '-$1').replace(/[^A-Za-z0-9-]+/g, '-');
}

/** The GOV.UK error summary's list and each field's message, from the problems the API named. */
export function errorsFor(problems: readonly FieldProblem[]): { summary: { text: string; href: string }[]; byField: Record<string, { text: string }> } {
  const summary: { text: string; href: string }[] = [];
  const byField: Record<string, { text: string }> = {};
  for (const problem of problems) {
    const id = fieldId(problem.field);
    const text = problem.problems.join('; ');
    summary.push({ text, href: `#${id}` });
    byField[id] ??= { text };
  }
  return { summary, byField };
}

/** Renders console pages with what every page needs: the user, their navigation, the form token, the CSP nonce. */
@Injectable()
export class ConsolePages {
  readonly views: ConsoleViews;

  constructor() {
    this.views = new ConsoleViews();
  }

  render(req: ConsoleRequest, res: Response, template: string, context: Record<string, unknown> = {}, status = 200): string {
    const user = req.session?.user;
    const current = req.path;
    const html = this.views.render(template, {
      ...context,
      user,
      navigation: user
        ? NAVIGATION.filter((item) => item.roles.some((role) => user.roles.includes(role))).map((item) => ({
            href: item.href,
            text: item.text,
            active: current === item.href || current.startsWith(`${item.href}/`),
          }))
        : [],
      csrfToken: req.session ? csrfTokenOf(req) : undefined,
      cspNonce: res.locals.cspNonce,
      flash: takeFlash(req),
    });
    res.status(status).type('html');
    return html;
  }
}

function takeFlash(req: ConsoleRequest): { title: string; text: string } | undefined {
  const flash = req.session?.flash;
  if (flash) delete req.session.flash;
  return flash;
}
