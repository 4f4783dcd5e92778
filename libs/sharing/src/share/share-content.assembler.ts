import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessGate, AccessRequestInfo } from '@app/access';
import { CaseView, CaseViewEntity, caseAccessRecord, caseStreamId, caseViewEventSchemas, evolveCaseViewInPlace } from '@app/cases';
import { Actor, DomainError, eventOf } from '@app/common';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { IntelligenceItemView, evolveIntelligenceItemView, intelligenceItemEventSchemas, intelligenceStreamId } from '@app/intelligence';
import { ShareContent } from '../shared/share-content';

/** What the requester chose to share, by reference. */
export interface ContentSelection {
  caseId?: string;
  includeCaseSummary?: boolean;
  chronologyEventIds?: string[];
  intelligenceItemIds?: string[];
}

/**
 * Builds a share's content at request time from this board's records: the case as its stream
 * stands now (not a read model that may lag), the chosen chronology entries, and intelligence
 * items only once sanitised, as their sanitised text. Never the sealed original or the source.
 * Sharing a record is reading it: each one goes through the access policy first (need to know,
 * break-glass with a reason), and the read is recorded.
 */
@Injectable()
export class ShareContentAssembler {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly gate: AccessGate,
  ) {}

  async assemble(selection: ContentSelection, actor: Actor, access: AccessRequestInfo): Promise<ShareContent> {
    const content: ShareContent = {};
    const wantsCase = selection.includeCaseSummary || (selection.chronologyEventIds?.length ?? 0) > 0;
    if (wantsCase && !selection.caseId) throw new DomainError('content.caseId: name the case whose summary or chronology entries are shared', 'case-required');
    if (wantsCase) {
      const view = await this.caseView(selection.caseId!);
      await this.gate.read(actor, access, caseAccessRecord(view), 'share a case across the border');
      if (selection.includeCaseSummary) content.caseSummary = await this.summary(view);
      if (selection.chronologyEventIds?.length) {
        content.chronologyEntries = selection.chronologyEventIds.map((eventId, index) => {
          const entry = view.chronology.find((e) => e.eventId === eventId);
          if (!entry) throw new DomainError(`content.chronologyEventIds.${index}: no entry ${eventId} in case ${view.caseId}'s chronology`, 'chronology-entry-not-found', 404);
          return { caseId: view.caseId, eventId, at: entry.at, type: entry.type, summary: entry.summary };
        });
      }
    }
    if (selection.intelligenceItemIds?.length) {
      content.intelligenceItems = [];
      for (const [index, itemId] of selection.intelligenceItemIds.entries()) {
        const { view: item, submitterAgencyId } = await this.intelligenceItem(itemId);
        if (!item) throw new DomainError(`content.intelligenceItemIds.${index}: no intelligence item ${itemId}`, 'item-not-found', 404);
        await this.gate.read(
          actor,
          access,
          { kind: 'intelligence-item', id: itemId, ...(submitterAgencyId ? { submitterAgencyId } : {}), ...(item.grading ? { handling: item.grading.handling } : {}) },
          'share intelligence across the border',
        );
        if (item.sanitisedText === undefined) {
          throw new DomainError(`content.intelligenceItemIds.${index}: item ${itemId} is shared only once sanitised; the original is never shared`, 'item-not-sanitised');
        }
        content.intelligenceItems.push({
          itemId,
          ...(item.grading ? { gradingCode: item.grading.code } : {}),
          ...(item.grading?.conditions ? { handlingConditions: item.grading.conditions } : {}),
          text: item.sanitisedText,
          subjects: item.subjects,
          knownAt: item.knownAt,
        });
      }
    }
    return content;
  }

  private async caseView(caseId: string): Promise<CaseView> {
    let view: CaseView | undefined;
    for (const recorded of await this.store.readStream(caseStreamId(caseId))) {
      const event = eventOf(caseViewEventSchemas, recorded);
      // The fold is this call's own: the view grows in place.
      if (event) view = evolveCaseViewInPlace(view, event, recorded);
    }
    if (!view) throw new DomainError(`content.caseId: no case ${caseId}`, 'case-not-found', 404);
    return view;
  }

  private async summary(view: CaseView): Promise<NonNullable<ShareContent['caseSummary']>> {
    const { firstName, lastName, knownAs, dateOfBirth, approximateAge, gender } = view.child;
    // Missing episodes live in their own streams: their count comes from the case view read model where this process has it.
    const row = this.dataSource.hasMetadata(CaseViewEntity) ? await this.dataSource.getRepository(CaseViewEntity).findOneBy({ caseId: view.caseId }) : null;
    return {
      caseId: view.caseId,
      status: view.status,
      child: { firstName, lastName, ...(knownAs ? { knownAs } : {}), ...(dateOfBirth ? { dateOfBirth } : {}), ...(approximateAge !== undefined ? { approximateAge } : {}), gender },
      flags: view.flags.map((f) => f.label),
      ...(view.risk ? { riskBand: view.risk.band } : {}),
      suspectedModels: view.suspectedModels.map((m) => m.label),
      signs: view.signs.map((s) => s.label),
      vulnerabilities: view.vulnerabilities.map((v) => v.label),
      leadProfessionals: view.leadProfessionals.map(({ agencyName, name, role, contact }) => ({ agencyName, name, role, ...(contact ? { contact } : {}) })),
      missingEpisodes: row?.view.missing?.episodes ?? 0,
    };
  }

  private async intelligenceItem(itemId: string): Promise<{ view?: IntelligenceItemView; submitterAgencyId?: string }> {
    const events = await this.store.readStream(intelligenceStreamId(itemId));
    let view: IntelligenceItemView | undefined;
    for (const recorded of events) {
      const event = eventOf(intelligenceItemEventSchemas, recorded);
      if (event) view = evolveIntelligenceItemView(view, event, recorded);
    }
    return { view, submitterAgencyId: events[0]?.metadata.actor.agencyId };
  }
}
