import { Body, Get, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ConsoleController, ConsolePage } from '../http/console-access';
import { ApiProblem, ConsoleApi, FieldProblem } from '../http/console-api';
import { ConsolePages, errorsFor } from '../http/console-pages';
import { ConsoleRequest } from '../session/console-session';
import {
  ASSESSMENTS,
  DISRUPTION_KINDS,
  HANDLING_CODES,
  HOW_KNOWN,
  LINK_NATURES,
  LOCATION_KINDS,
  POLICE_OUTCOMES,
  SOURCE_EVALUATIONS,
  STATUSES,
  SUBJECT_KINDS,
  shortId,
} from './intelligence-labels';
import { NetworkLink, NetworkNode, drawNetwork } from './network-graph';

declare module 'express-session' {
  interface SessionData {
    /** The position of the officer's last change: the next pages wait until the register shows it (read your own write). */
    intelligencePosition?: string;
  }
}

const OFFICER = ['intelligence-officer'] as const;
/** Roles the API lets submit information (any casework role); the pages themselves are the officer's. */
const SUBMITTING_ROLES = ['referrer', 'practitioner', 'semrac-chair', 'semrac-member', 'intelligence-officer', 'sharing-officer'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATUS_CODES = STATUSES.map((s) => s.code);
const PAGE_SIZE = 50;
const HOP_CHOICES = [1, 2, 3];

type Subject = { kind: string; ref?: string; text?: string };

interface ItemView {
  itemId: string;
  revision: number;
  status: string;
  subjects: Subject[];
  knownAt: string;
  submittedAt: string;
  grading?: { source: number; assessment: string; handling: string; conditions?: string; code: string; gradedAt: string };
  regradings: { at: string; from: string; to: string }[];
  sanitisedText?: string;
  sanitisedAt?: string;
  urgent: boolean;
  disseminatedAt?: string;
  disseminations: number;
  policeOutcome?: { outcome: string; operationRef?: string; acknowledgedAt: string; unitId: string };
}

interface Register {
  items: ItemView[];
  total: number;
  counts: Record<string, number>;
  next: string | null;
}

interface SealedItem {
  information: string;
  howKnown: string;
  howKnownDetail?: string;
  submittedBy: { userId: string; agencyId: string };
  source?: { name: string; otherIdentifiers: string[]; relationship?: string; contact?: string; notes?: string };
  gradings: { at: string; by: { userId: string; agencyId: string }; grading: { code: string }; previous?: string; reason?: string }[];
}

interface FeedEntry {
  position: string;
  message: {
    kind: string;
    itemId: string;
    sequence: number;
    disseminatedAt: string;
    grading: { source?: number; assessment?: string; handling: string; conditions?: string };
    sanitisedText: string;
    subjects: Subject[];
    urgent: boolean;
  };
  delivery: { state: 'queued' | 'published' | 'unknown'; publishedAt?: string };
  acknowledgements: { outcome: string; operationRef?: string; unit: { id: string; officer: string }; acknowledgedAt: string; via: string }[];
}

interface PoiProfile {
  poiId: string;
  status: 'active' | 'merged';
  mergedInto?: string;
  displayName: string;
  identifiers: {
    names: { name: string; kind: string }[];
    dateOfBirth?: string;
    approximateAge?: number;
    gender?: string;
    addresses: { address: string; postcode?: string }[];
    vehicles: { registration: string; description?: string }[];
    phoneNumbers: string[];
    onlineIdentities: { platform: string; handle: string }[];
  };
  vulnerableYoungPerson?: { note: string };
  disruption: { kind: string; on: string; reference?: string }[];
  links: { linkId: string; with: { kind: 'case'; caseId: string } | { kind: 'location'; location: { kind: string; name: string; postcode?: string } } | { kind: 'poi'; poiId: string; name?: string }; nature: string; detail?: string; linkedAt: string }[];
  intelligence: ItemView[];
}

interface PoiNetwork {
  poiId: string;
  hops: number;
  nodes: NetworkNode[];
  links: NetworkLink[];
  truncated: boolean;
}

type Form = Record<string, string | string[] | undefined>;
type Errors = ReturnType<typeof errorsFor>;

/** A form field as one trimmed string (a repeated name keeps its first value). */
const field = (form: Form, name: string): string => {
  const value = form[name];
  return (Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).trim();
};

const statusOf = (code: string) => STATUSES.find((s) => s.code === code) ?? { code, text: code, tag: 'govuk-tag--grey' };

/** A path parameter that is not a record id names no record: the page is not found (nothing is asked of the API). */
function recordId(id: string): string {
  if (!UUID.test(id)) throw new NotFoundException();
  return id.toLowerCase();
}

/**
 * The intelligence officer's pages (issue 15, journey 4): the submissions queue, an item's grading
 * (3x5x2), sanitising and dissemination, the police feed, and a person of interest with their
 * network. Everything is read and written through the API with the officer's own token.
 */
@ConsoleController('console')
export class IntelligenceController {
  constructor(
    private readonly api: ConsoleApi,
    private readonly pages: ConsolePages,
  ) {}

  @Get('intelligence')
  @ConsolePage(OFFICER)
  async queue(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response, @Query('status') status?: string, @Query('after') after?: string): Promise<string> {
    const filter = status && STATUS_CODES.includes(status) ? status : undefined;
    const register = await this.api.get<Register>(req, '/intelligence', { status: filter, limit: PAGE_SIZE, after, consistentWith: req.session.intelligencePosition });
    const all = Object.values(register.counts).reduce((sum, n) => sum + n, 0);
    const filters = [
      { text: `All (${all})`, href: '/console/intelligence', active: !filter },
      ...STATUSES.map((s) => ({ text: `${s.text} (${register.counts[s.code] ?? 0})`, href: `/console/intelligence?status=${s.code}`, active: filter === s.code })),
    ];
    return this.pages.render(req, res, 'intelligence/queue.njk', {
      pageTitle: filter ? `Intelligence: ${statusOf(filter).text.toLowerCase()}` : 'Intelligence',
      filters,
      filterName: filter ? statusOf(filter).text : 'All submissions',
      items: register.items.map((item) => ({ ...item, statusTag: statusOf(item.status), subjectsText: subjectsText(item.subjects), shortId: shortId(item.itemId) })),
      total: register.total,
      next: register.next ? `/console/intelligence?${new URLSearchParams({ ...(filter ? { status: filter } : {}), after: register.next }).toString()}` : undefined,
      notFirstPage: !!after,
      firstPage: filter ? `/console/intelligence?status=${filter}` : '/console/intelligence',
      maySubmit: req.session.user!.roles.some((role) => SUBMITTING_ROLES.includes(role)),
    });
  }

  @Get('intelligence/submit')
  @ConsolePage(OFFICER)
  submitForm(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response): string {
    return this.renderSubmit(req, res, {});
  }

  @Post('intelligence/submit')
  @ConsolePage(OFFICER)
  async submit(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response, @Body() form: Form): Promise<string | void> {
    // Each subject the form has a box for, in this order: a problem with subjects.N is shown at its box.
    const boxes: [string, string, 'ref' | 'text'][] = [
      ['poiRef', 'poi', 'ref'],
      ['caseRef', 'child-case', 'ref'],
      ['location', 'location', 'text'],
      ['vehicle', 'vehicle', 'text'],
      ['phone', 'phone', 'text'],
      ['onlineIdentity', 'online-identity', 'text'],
    ];
    const filled = boxes.filter(([name]) => field(form, name) !== '');
    const subjects = filled.map(([name, kind, key]) => ({ kind, [key]: field(form, name) }));
    const [day, month, year] = ['knownAt-day', 'knownAt-month', 'knownAt-year'].map((name) => field(form, name));
    const knownAt = day || month || year ? `${year.padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}` : undefined;
    const optional = (name: string) => field(form, name) || undefined;
    const body = {
      information: field(form, 'information'),
      subjects,
      knownAt,
      howKnown: optional('howKnown'),
      howKnownDetail: field(form, 'howKnown') === 'other' ? optional('howKnownDetail') : undefined,
      source: {
        name: field(form, 'source.name'),
        otherIdentifiers: field(form, 'source.otherIdentifiers').split(/\r?\n/).map((line) => line.trim()).filter(Boolean),
        relationship: optional('source.relationship'),
        contact: optional('source.contact'),
        notes: optional('source.notes'),
      },
    };
    try {
      const answer = await this.api.post<{ itemId: string; position?: string }>(req, '/intelligence', body);
      if (answer.position) req.session.intelligencePosition = answer.position;
      req.session.flash = { title: 'Information submitted', text: 'It is in the queue, awaiting grading. The source’s details are sealed.' };
      res.redirect(303, `/console/intelligence/items/${answer.itemId}`);
    } catch (error) {
      if (!(error instanceof ApiProblem) || ![400, 404, 422].includes(error.status)) throw error;
      const atBox = (name: string) => {
        const match = /^subjects\.(\d+)/.exec(name);
        return match && filled[Number(match[1])] ? filled[Number(match[1])][0] : name;
      };
      const problems: FieldProblem[] =
        error.errors.length > 0
          ? error.errors.map((problem) => ({ ...problem, field: atBox(problem.field) }))
          : [{ field: atBox(submitRefusalField(error.message)), problems: [error.message] }];
      return this.renderSubmit(req, res, { form, errors: errorsFor(problems) }, 400);
    }
  }

  @Get('intelligence/items/:itemId')
  @ConsolePage(OFFICER)
  item(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response, @Param('itemId') itemId: string): Promise<string> {
    return this.renderItem(req, res, recordId(itemId), {});
  }

  @Post('intelligence/items/:itemId/grading')
  @ConsolePage(OFFICER)
  async grade(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response, @Param('itemId') itemId: string, @Body() form: Form): Promise<string | void> {
    const id = recordId(itemId);
    const source = field(form, 'source');
    const handling = field(form, 'handling');
    const grading = {
      source: /^[1-3]$/.test(source) ? Number(source) : source || undefined,
      assessment: field(form, 'assessment') || undefined,
      handling: handling || undefined,
      // Conditions belong to handling C only: the API refuses them with P, saying so at the field.
      conditions: field(form, 'conditions') || undefined,
    };
    return this.change(req, res, id, form, 'grading', grading, 'Intelligence graded', (message) => (/condition/i.test(message) ? 'conditions' : 'source'));
  }

  @Post('intelligence/items/:itemId/sanitisation')
  @ConsolePage(OFFICER)
  async sanitise(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response, @Param('itemId') itemId: string, @Body() form: Form): Promise<string | void> {
    // The API checks the text for the source's name and identifiers; what it finds is shown at the text.
    return this.change(req, res, recordId(itemId), form, 'sanitisation', { text: field(form, 'text') }, 'Sanitised text saved', () => 'text');
  }

  @Post('intelligence/items/:itemId/dissemination')
  @ConsolePage(OFFICER)
  async disseminate(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response, @Param('itemId') itemId: string, @Body() form: Form): Promise<string | void> {
    const urgent = ([] as string[]).concat(form.urgent ?? []).includes('true');
    return this.change(req, res, recordId(itemId), form, 'dissemination', { urgent }, 'Intelligence disseminated to the police', () => 'urgent');
  }

  @Get('intelligence/police-feed')
  @ConsolePage(OFFICER)
  async policeFeed(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response, @Query('after') after?: string, @Query('urgent') urgent?: string): Promise<string> {
    const urgentOnly = urgent === 'true';
    const page = await this.api.get<{ items: FeedEntry[]; next: string | null }>(req, '/police-feed', {
      after: after && /^\d{20}:\d{20}$/.test(after) ? after : undefined,
      limit: PAGE_SIZE,
      urgent: urgentOnly ? 'true' : undefined,
      consistentWith: req.session.intelligencePosition,
    });
    const entries = page.items.map((entry) => {
      const latest = entry.acknowledgements.at(-1);
      const grading = entry.message.grading;
      return {
        ...entry.message,
        shortId: entry.message.kind === 'intelligence' ? shortId(entry.message.itemId) : entry.message.itemId,
        code: grading.source ? `${grading.source}/${grading.assessment}/${grading.handling}` : grading.handling,
        conditions: grading.conditions,
        subjectsText: subjectsText(entry.message.subjects),
        delivery: {
          queued: { text: 'Queued', tag: 'govuk-tag--yellow' },
          published: { text: 'Delivered', tag: 'govuk-tag--green' },
          unknown: { text: 'Delivery not known', tag: 'govuk-tag--grey' },
        }[entry.delivery.state],
        publishedAt: entry.delivery.publishedAt,
        acknowledgement: latest
          ? { text: `Acknowledged: ${(POLICE_OUTCOMES[latest.outcome] ?? latest.outcome).toLowerCase()}`, tag: 'govuk-tag--turquoise', operationRef: latest.operationRef, at: latest.acknowledgedAt, unit: latest.unit.id }
          : { text: 'Not acknowledged', tag: 'govuk-tag--grey' },
      };
    });
    const more = page.next && page.items.length === PAGE_SIZE ? page.next : undefined;
    return this.pages.render(req, res, 'intelligence/police-feed.njk', {
      pageTitle: 'Police feed',
      backLink: '/console/intelligence',
      entries,
      urgentOnly,
      next: more ? `/console/intelligence/police-feed?${new URLSearchParams({ after: more, ...(urgentOnly ? { urgent: 'true' } : {}) }).toString()}` : undefined,
    });
  }

  @Get('intelligence/persons-of-interest/:poiId')
  @ConsolePage(OFFICER)
  async personOfInterest(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response, @Param('poiId') poiId: string): Promise<string> {
    const profile = await this.api.get<PoiProfile>(req, `/persons-of-interest/${recordId(poiId)}`, { consistentWith: req.session.intelligencePosition });
    return this.pages.render(req, res, 'intelligence/person-of-interest.njk', {
      pageTitle: profile.displayName || 'Person of interest',
      backLink: '/console/intelligence',
      profile,
      links: profile.links.map((link) => ({
        with:
          link.with.kind === 'case'
            ? { text: `Child's case ${shortId(link.with.caseId)}` }
            : link.with.kind === 'location'
              ? { text: `${link.with.location.name} (${LOCATION_KINDS[link.with.location.kind] ?? link.with.location.kind})` }
              : { text: link.with.name ?? `Person of interest ${shortId(link.with.poiId)}`, href: `/console/intelligence/persons-of-interest/${link.with.poiId}` },
        nature: LINK_NATURES[link.nature] ?? link.nature,
        detail: link.detail,
        linkedAt: link.linkedAt,
      })),
      disruption: profile.disruption.map((d) => ({ ...d, kindText: DISRUPTION_KINDS[d.kind] ?? d.kind })),
      intelligence: profile.intelligence.map((item) => ({ ...item, statusTag: statusOf(item.status), shortId: shortId(item.itemId) })),
    });
  }

  @Get('intelligence/persons-of-interest/:poiId/network')
  @ConsolePage(OFFICER)
  async network(@Req() req: ConsoleRequest, @Res({ passthrough: true }) res: Response, @Param('poiId') poiId: string, @Query('hops') hops?: string): Promise<string> {
    const id = recordId(poiId);
    const n = HOP_CHOICES.includes(Number(hops)) ? Number(hops) : 2;
    const network = await this.api.get<PoiNetwork>(req, `/persons-of-interest/${id}/network`, { hops: n, consistentWith: req.session.intelligencePosition });
    const start = network.nodes.find((node) => node.distance === 0);
    const name = start?.label ?? 'Person of interest';
    const drawing = drawNetwork(network.nodes, network.links);
    return this.pages.render(req, res, 'intelligence/network.njk', {
      pageTitle: `Network of ${name} within ${n} ${n === 1 ? 'hop' : 'hops'}`,
      backLink: `/console/intelligence/persons-of-interest/${id}`,
      name,
      poiId: id,
      hops: n,
      hopChoices: HOP_CHOICES.map((choice) => ({ value: String(choice), text: `${choice} ${choice === 1 ? 'hop' : 'hops'}`, checked: choice === n })),
      drawing,
      people: drawing.nodes.filter((node) => node.kind === 'poi').length,
      truncated: network.truncated,
    });
  }

  /** Sends one of the officer's changes to an item; a refusal (400, 422) is shown on the item's page at the field it concerns. */
  private async change(
    req: ConsoleRequest,
    res: Response,
    itemId: string,
    form: Form,
    action: 'grading' | 'sanitisation' | 'dissemination',
    body: Record<string, unknown>,
    done: string,
    fieldOfRefusal: (message: string) => string,
  ): Promise<string | void> {
    const revision = field(form, 'revision');
    try {
      const answer = await this.api.post<{ position?: string }>(req, `/intelligence/${itemId}/${action}`, body, /^\d+$/.test(revision) ? { 'If-Match': revision } : {});
      if (answer.position) req.session.intelligencePosition = answer.position;
      req.session.flash = { title: done, text: `Item ${shortId(itemId)}.` };
      res.redirect(303, `/console/intelligence/items/${itemId}`);
    } catch (error) {
      if (!(error instanceof ApiProblem) || ![400, 422].includes(error.status)) throw error;
      const problems = error.errors.length > 0 ? error.errors : [{ field: fieldOfRefusal(error.message), problems: [error.message] }];
      return this.renderItem(req, res, itemId, { form, errors: errorsFor(problems) }, 400);
    }
  }

  private async renderItem(req: ConsoleRequest, res: Response, itemId: string, page: { form?: Form; errors?: Errors }, status = 200): Promise<string> {
    const item = await this.api.get<ItemView>(req, `/intelligence/${itemId}`, { consistentWith: req.session.intelligencePosition });
    // The sealed original (the submitter's words, the source): the officer reads it to grade and sanitise.
    const sealed = await this.api.get<SealedItem>(req, `/intelligence/${itemId}/original`);
    const form = page.form ?? {};
    const disseminated = item.disseminations > 0;
    return this.pages.render(
      req,
      res,
      'intelligence/item.njk',
      {
        pageTitle: `Intelligence item ${shortId(itemId)}`,
        backLink: '/console/intelligence',
        item: { ...item, statusTag: statusOf(item.status), shortId: shortId(itemId) },
        sealed: { ...sealed, howKnownText: HOW_KNOWN[sealed.howKnown] ?? sealed.howKnown },
        subjects: item.subjects.map((s) => ({
          kind: SUBJECT_KINDS[s.kind] ?? s.kind,
          text: s.kind === 'poi' ? `Person of interest ${shortId(s.ref ?? '')}` : s.kind === 'child-case' ? `Child's case ${shortId(s.ref ?? '')}` : s.text,
          href: s.kind === 'poi' ? `/console/intelligence/persons-of-interest/${s.ref}` : undefined,
        })),
        gradingLabels: {
          source: SOURCE_EVALUATIONS[String(item.grading?.source)],
          assessment: ASSESSMENTS[item.grading?.assessment ?? ''],
          handling: HANDLING_CODES[item.grading?.handling ?? ''],
        },
        choices: {
          source: Object.entries(SOURCE_EVALUATIONS).map(([value, text]) => ({ value, text: `${value}: ${text}`, checked: field(form, 'source') === value })),
          assessment: Object.entries(ASSESSMENTS).map(([value, text]) => ({ value, text: `${value}: ${text}`, checked: field(form, 'assessment') === value })),
          handling: Object.entries(HANDLING_CODES).map(([value, text]) => ({ value, text: `${value}: ${text}`, checked: field(form, 'handling') === value })),
        },
        mayGrade: !item.grading,
        maySanitise: !!item.grading && !disseminated,
        mayDisseminate: !!item.grading && item.sanitisedText !== undefined && !disseminated,
        values: {
          conditions: field(form, 'conditions'),
          text: form.text !== undefined ? field(form, 'text') : (item.sanitisedText ?? ''),
          urgent: ([] as string[]).concat(form.urgent ?? []).includes('true'),
        },
        policeOutcome: item.policeOutcome ? { ...item.policeOutcome, text: POLICE_OUTCOMES[item.policeOutcome.outcome] ?? item.policeOutcome.outcome } : undefined,
        errors: page.errors,
      },
      status,
    );
  }

  private renderSubmit(req: ConsoleRequest, res: Response, page: { form?: Form; errors?: Errors }, status = 200): string {
    const form = page.form ?? {};
    const values = Object.fromEntries(Object.keys(form).map((name) => [name, field(form, name)]));
    return this.pages.render(
      req,
      res,
      'intelligence/submit.njk',
      {
        pageTitle: 'Submit information',
        backLink: '/console/intelligence',
        values,
        howKnown: Object.entries(HOW_KNOWN).map(([value, text]) => ({ value, text, checked: values.howKnown === value })),
        errors: page.errors,
      },
      status,
    );
  }
}

/** A subject list in a few words: what kinds of thing the item is about, and the described ones' text. */
function subjectsText(subjects: Subject[]): string {
  return subjects.map((s) => (s.text ? `${SUBJECT_KINDS[s.kind] ?? s.kind}: ${s.text}` : (SUBJECT_KINDS[s.kind] ?? s.kind))).join('; ');
}

/** Where the API's refusal of a submission (a rule, not a field's format) belongs on the form. */
function submitRefusalField(message: string): string {
  if (/howKnownDetail|how the information is known/i.test(message)) return 'howKnownDetail';
  if (/knownAt/.test(message)) return 'knownAt';
  const subject = /^(subjects\.\d+)/.exec(message);
  if (subject) return subject[1];
  if (/subject/i.test(message)) return 'subjects';
  if (/source/i.test(message)) return 'source.name';
  return 'information';
}
