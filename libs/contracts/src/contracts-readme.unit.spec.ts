import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IntelligenceAcknowledgedV1, IntelligenceDisseminatedV1, MessageContract, ProblemProfileV1 } from '.';

/** The README shows each contract's example: the document other organisations build against must be right. */
describe('libs/contracts/README.md', () => {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const exampleUnder = (heading: string) => {
    const section = readme.split(/^## /m).find((s) => s.startsWith(`${heading}\n`));
    return JSON.parse(/```json\n([\s\S]*?)```/.exec(section ?? '')![1]);
  };

  it.each([
    ['intelligence-disseminated.v1', IntelligenceDisseminatedV1],
    ['intelligence-acknowledged.v1', IntelligenceAcknowledgedV1],
    ['problem-profile.v1', ProblemProfileV1],
  ] as [string, MessageContract<object>][])('documents %s with its example, which validates', (type, contract) => {
    expect(contract.type).toBe(type);
    expect(exampleUnder(type)).toEqual(contract.example);
    expect(contract.validate(exampleUnder(type)).ok).toBe(true);
  });
});
