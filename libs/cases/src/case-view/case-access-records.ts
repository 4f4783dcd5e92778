import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { CaseAccessRecord } from '@app/access';
import { DomainError, unlessFailing } from '@app/common';
import { ProjectionsService, inChunks } from '@app/event-store';
import { CaseViewEntity } from './case-view.entity';
import { caseRowAccessRecord } from './case-access';

/** The access policy's facts about cases, read from the case list's columns (for reads that show part of a case). */
@Injectable()
export class CaseAccessRecords {
  constructor(
    @InjectRepository(CaseViewEntity) private readonly cases: Repository<CaseViewEntity>,
    private readonly projections: ProjectionsService,
  ) {}

  /** One case's facts; 404 when there is no such case. */
  async forCase(caseId: string, consistentWith?: string): Promise<CaseAccessRecord> {
    // A case read right after the command that opened it: its facts must be there too.
    if (consistentWith) await this.projections.waitForProjection('case-view', consistentWith, 3000).catch(unlessFailing);
    const row = await this.cases.findOne({ where: { caseId }, select: ['caseId', 'agencyIds', 'atSemrac'] });
    if (!row) throw new DomainError(`No case ${caseId}`, 'case-not-found', 404);
    return caseRowAccessRecord(row);
  }

  /** Several cases' facts, by case id (unknown ids are left out). */
  async forCases(caseIds: readonly string[]): Promise<Map<string, CaseAccessRecord>> {
    const found = new Map<string, CaseAccessRecord>();
    for (const chunk of inChunks([...new Set(caseIds)])) {
      for (const row of await this.cases.find({ where: { caseId: In(chunk) }, select: ['caseId', 'agencyIds', 'atSemrac'] })) found.set(row.caseId, caseRowAccessRecord(row));
    }
    return found;
  }
}
