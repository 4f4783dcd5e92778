import { IntelligenceItemCommand, IntelligenceItemCommandEnvelope } from './intelligence-item.decider';
import { Grading, InformationSubmitted, IntelligenceGraded, IntelligenceSanitised, SourceDetailsRecorded } from './intelligence-item.events';

export const ITEM_ID = '7f3e2d1c-0b9a-4c8d-9e7f-6a5b4c3d2e1f';
export const ITEM_POI_ID = '5b0c7c4e-2d7a-4f4b-9a43-1f0b8f6f2a10';
export const ITEM_NOW = '2026-11-28T10:00:00.000Z';

export function submission(): Extract<IntelligenceItemCommand, { type: 'SubmitInformation' }>['data'] {
  return {
    information: 'Morgan Quill (a friend) says a man called Danny picks girls up from the park in a black hatchback.',
    subjects: [
      { kind: 'poi', ref: ITEM_POI_ID },
      { kind: 'vehicle', text: 'AB12CDE black hatchback' },
      { kind: 'location', text: 'Riverside Park' },
    ],
    knownAt: '2026-11-27',
    howKnown: 'told-by-someone-else',
    source: { name: 'Morgan Quill', otherIdentifiers: ['07700 900456', 'Year 10 at Example School'], relationship: 'Friend of the child' },
  };
}

export function anInformationSubmitted(): InformationSubmitted {
  const { source: _s, ...d } = submission();
  return { type: 'InformationSubmitted', data: { itemId: ITEM_ID, ...d, submittedAt: ITEM_NOW } };
}

export function aSourceDetailsRecorded(): SourceDetailsRecorded {
  return {
    type: 'SourceDetailsRecorded',
    data: { itemId: ITEM_ID, source: { name: 'Morgan Quill', otherIdentifiers: ['07700 900456', 'Year 10 at Example School'], relationship: 'Friend of the child' } },
  };
}

export const GRADING_P: Grading = { source: 2, assessment: 'B', handling: 'P' };
export const GRADING_C: Grading = { source: 1, assessment: 'A', handling: 'C', conditions: 'Not to be shared outside the police without the originator’s consent' };

export function anIntelligenceGraded(grading: Grading = GRADING_P): IntelligenceGraded {
  return { type: 'IntelligenceGraded', data: { itemId: ITEM_ID, grading, gradedAt: ITEM_NOW } };
}

export const SANITISED_TEXT = 'A man known as Danny is reported to pick up girls from Riverside Park in a black hatchback, AB12CDE.';

export function anIntelligenceSanitised(text = SANITISED_TEXT): IntelligenceSanitised {
  return { type: 'IntelligenceSanitised', data: { itemId: ITEM_ID, text, sanitisedAt: ITEM_NOW } };
}

export const submitted = () => [anInformationSubmitted(), aSourceDetailsRecorded()];

export function onItem<C extends IntelligenceItemCommand>(type: C['type'], data: C['data'], now = ITEM_NOW): IntelligenceItemCommandEnvelope {
  return { type, data, itemId: ITEM_ID, now } as IntelligenceItemCommandEnvelope;
}
