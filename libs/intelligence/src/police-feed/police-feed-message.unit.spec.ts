import { IntelligenceDisseminatedV1 } from '@app/contracts';
import type { IntelligenceDisseminated } from '../intelligence-item/intelligence-item.events';
import { DISCLOSURE_HANDLING_CONDITIONS, disclosureAssessmentOf, disclosureFeedItem, intelligenceFeedItem } from './police-feed-message';

const MESSAGE_ID = '6f1d3c2a-8b4e-4f6a-9c1d-2e3f4a5b6c7d';

function disseminated(overrides: Partial<IntelligenceDisseminated['data']> = {}): IntelligenceDisseminated['data'] {
  return {
    itemId: 'b0c4e9a2-1d3f-4e5a-8b6c-7d8e9f0a1b2c',
    grading: { source: 2, assessment: 'B', handling: 'C', code: '2/B/C' },
    handlingConditions: 'Not to be disclosed to the subject',
    text: 'A man in a silver hatchback collects a girl from the shopping centre.',
    subjects: [
      { kind: 'poi', ref: '3a9f5c1e-2b7d-4c8e-9f0a-1b2c3d4e5f60' },
      { kind: 'child-case', ref: 'c7e2a1b9-4d3f-4a6e-8c5b-9d0e1f2a3b4c' },
      { kind: 'vehicle', text: 'Silver hatchback KX66' },
    ],
    urgent: false,
    knownAt: '2026-11-27',
    disseminatedAt: '2026-11-28T10:00:00.000Z',
    dissemination: 2,
    ...overrides,
  };
}

describe('the police feed document', () => {
  it('carries a disseminated item with its grading, handling conditions, sanitised text and subjects, and meets its contract', () => {
    const document = intelligenceFeedItem(disseminated(), MESSAGE_ID);
    expect(document).toEqual({
      messageId: MESSAGE_ID,
      kind: 'intelligence',
      itemId: 'b0c4e9a2-1d3f-4e5a-8b6c-7d8e9f0a1b2c',
      sequence: 2,
      disseminatedAt: '2026-11-28T10:00:00.000Z',
      grading: { source: 2, assessment: 'B', handling: 'C', conditions: 'Not to be disclosed to the subject' },
      sanitisedText: 'A man in a silver hatchback collects a girl from the shopping centre.',
      subjects: [
        { kind: 'poi', ref: '3a9f5c1e-2b7d-4c8e-9f0a-1b2c3d4e5f60' },
        { kind: 'child-case', ref: 'c7e2a1b9-4d3f-4a6e-8c5b-9d0e1f2a3b4c' },
        { kind: 'vehicle', text: 'Silver hatchback KX66' },
      ],
      urgent: false,
    });
    expect(IntelligenceDisseminatedV1.validate(JSON.parse(JSON.stringify(document))).ok).toBe(true);
  });

  it('has no conditions with handling P', () => {
    const document = intelligenceFeedItem(disseminated({ grading: { source: 1, assessment: 'A', handling: 'P', code: '1/A/P' }, handlingConditions: undefined }), MESSAGE_ID);
    expect(document.grading).toEqual({ source: 1, assessment: 'A', handling: 'P' });
    expect(IntelligenceDisseminatedV1.validate(JSON.parse(JSON.stringify(document))).ok).toBe(true);
  });

  it('turns a disclosure into an urgent, ungraded notice naming the case and the recording agency, not what the child said', () => {
    const document = disclosureFeedItem(
      { caseId: 'c7e2a1b9-4d3f-4a6e-8c5b-9d0e1f2a3b4c', assessmentId: '0b7e4c1a-9d2f-4e3a-8b5c-6d7e8f9a0b1c', notify: ['police'], urgent: true, recordedAt: '2026-11-28T09:00:00.000Z' },
      'bf-school',
      MESSAGE_ID,
    );
    expect(document).toMatchObject({
      kind: 'disclosure',
      itemId: 'disclosure-0b7e4c1a-9d2f-4e3a-8b5c-6d7e8f9a0b1c',
      sequence: 1,
      urgent: true,
      grading: { handling: 'C', conditions: DISCLOSURE_HANDLING_CONDITIONS },
      subjects: [{ kind: 'child-case', ref: 'c7e2a1b9-4d3f-4a6e-8c5b-9d0e1f2a3b4c' }],
    });
    expect(document.sanitisedText).toContain('bf-school');
    expect(IntelligenceDisseminatedV1.validate(JSON.parse(JSON.stringify(document))).ok).toBe(true);
    expect(disclosureAssessmentOf(document.itemId)).toBe('0b7e4c1a-9d2f-4e3a-8b5c-6d7e8f9a0b1c');
    expect(disclosureAssessmentOf('b0c4e9a2-1d3f-4e5a-8b6c-7d8e9f0a1b2c')).toBeUndefined();
  });
});
