import { deciderSpec } from '@app/common-testing';
import { NOW, aReferral, aReferralReceived, onCase } from '../case/case.builders';
import { caseDecider } from '../case/case.decider';
import type { DiscussedAtSemrac } from '../case/case-plans.events';
import { ListedForSemrac } from './semrac-listing.events';

const spec = deciderSpec(caseDecider);
const caseId = aReferral().caseId;
type Listing = Omit<ListedForSemrac['data'], 'caseId' | 'listedAt'>;
const repeatedly: Listing = {
  rule: 'missing-repeatedly',
  detail: { summary: '3 missing episodes within 90 days (threshold 3)', episodeIds: ['e-1', 'e-2', 'e-3'] },
  triggeredBy: 'ev-3',
};
const listed = (data: Listing): ListedForSemrac => ({ type: 'ListedForSemrac', data: { caseId, ...data, listedAt: NOW } });
const discussed: DiscussedAtSemrac = {
  type: 'DiscussedAtSemrac',
  data: { caseId, meetingId: 'm-1', agreedRiskLevel: 'moderate', decisions: ['Refer to RHI service'], actionIds: [], discussedAt: NOW },
};

describe('case decider: listing for SEMRAC', () => {
  it('lists the case with the rule, which episodes, and the event that fired it', () => {
    spec.given([aReferralReceived()]).when(onCase('ListForSemrac', repeatedly)).then([listed(repeatedly)]);
  });

  it('writes nothing when already listed under the same rule and not yet discussed', () => {
    spec.given([aReferralReceived(), listed(repeatedly)]).when(onCase('ListForSemrac', { ...repeatedly, triggeredBy: 'ev-4' })).then([]);
  });

  it('lists under another rule while listed under one', () => {
    const band: Listing = { rule: 'risk-band', detail: { summary: 'Risk assessed as moderate', assessmentId: 'as-1', band: 'moderate' }, triggeredBy: 'ev-9' };
    spec.given([aReferralReceived(), listed(repeatedly)]).when(onCase('ListForSemrac', band)).then([listed(band)]);
  });

  it('lists again under the same rule once SEMRAC has discussed the child', () => {
    const again = { ...repeatedly, triggeredBy: 'ev-7' };
    spec.given([aReferralReceived(), listed(repeatedly), discussed]).when(onCase('ListForSemrac', again)).then([listed(again)]);
  });

  it('lists a closed case too (meeting a criterion is a fact), but not a case that does not exist', () => {
    const closed = { type: 'CaseClosed', data: { caseId, reason: 'Plan complete', closedAt: NOW } } as const;
    spec.given([aReferralReceived(), closed]).when(onCase('ListForSemrac', repeatedly)).then([listed(repeatedly)]);
    spec.given([]).when(onCase('ListForSemrac', repeatedly)).thenRefuses('case-not-found');
  });
});
