import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { deterministicUuid } from '@app/common';
import { CommandStreams } from '@app/common';
import { caseStream } from '../../case/case.stream';
import { CASES_SETTINGS, CasesSettings } from '../../cases.settings';
import type { RiskScheme } from '../risk-scheme';
import { RISK_SCHEME } from '../risk-scheme.loader';
import { AssessRiskCommand, RiskAssessmentAnswer } from './assess-risk.command';

@CommandHandler(AssessRiskCommand)
export class AssessRiskHandler implements ICommandHandler<AssessRiskCommand, RiskAssessmentAnswer> {
  constructor(
    private readonly streams: CommandStreams,
    @Inject(RISK_SCHEME) private readonly scheme: RiskScheme,
    @Inject(CASES_SETTINGS) private readonly settings: CasesSettings,
  ) {}

  async execute({ caseId, assessment, context }: AssessRiskCommand): Promise<RiskAssessmentAnswer> {
    // With a key, a retry derives the same assessment id (and the executor finds the events written).
    const assessmentId = context.idempotencyKey
      ? deterministicUuid('risk-assessment', caseId, context.actor.agencyId, context.actor.userId, context.idempotencyKey)
      : randomUUID();
    // Events hold plain JSON: drop the DTO classes and undefined fields.
    const data = JSON.parse(JSON.stringify(assessment)) as AssessRiskCommand['assessment'];
    const result = await this.streams.handle(caseStream, caseId,
      { type: 'AssessRisk', data: { ...data, assessmentId, scheme: this.scheme, reassessMonths: this.settings.RISK_REASSESS_MONTHS } },
      context,
    );
    const assessed = result.events.find((e) => e.type === 'RiskAssessed');
    const disclosed = result.events.find((e) => e.type === 'DisclosureRecorded');
    if (assessed?.type !== 'RiskAssessed') throw new Error(`AssessRisk on case ${caseId} recorded no assessment`);
    const d = assessed.data;
    return {
      caseId,
      assessmentId: d.assessmentId,
      scheme: d.scheme,
      band: d.band,
      score: d.score,
      reasons: d.reasons,
      nextReviewDue: d.nextReviewDue,
      ...(disclosed?.type === 'DisclosureRecorded' ? { notify: disclosed.data.notify } : {}),
      revision: result.revision,
      position: result.position,
      created: result.written,
    };
  }
}
