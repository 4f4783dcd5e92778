import { SHARE_LABELS } from '@app/contracts';
import { LABEL_READERS, TLP_LABELS, mayRead, widens } from './tlp';

describe('TLP labels', () => {
  it('are the labels the share contracts carry, least to most restrictive', () => {
    expect(TLP_LABELS).toEqual(SHARE_LABELS);
    expect(widens('GREEN', 'AMBER')).toBe(true);
    expect(widens('AMBER+STRICT', 'AMBER')).toBe(false);
    expect(widens('AMBER', 'AMBER')).toBe(false);
  });

  it('narrow who may read as they grow more restrictive, down to the sharing officer for RED', () => {
    for (let i = 1; i < TLP_LABELS.length; i++) {
      const wider = LABEL_READERS[TLP_LABELS[i - 1]];
      expect(LABEL_READERS[TLP_LABELS[i]].every((role) => wider.includes(role))).toBe(true);
    }
    expect(mayRead('RED', ['intelligence-officer'])).toBe(false);
    expect(mayRead('RED', ['sharing-officer'])).toBe(true);
    expect(mayRead('AMBER', ['referrer'])).toBe(false);
    expect(mayRead('AMBER', ['auditor'])).toBe(false);
    expect(mayRead('CLEAR', [])).toBe(false);
  });
});
