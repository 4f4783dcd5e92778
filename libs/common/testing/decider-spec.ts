import { Decider, DomainError } from '@app/common/domain';

/**
 * given(events).when(command).then(events) for deciders, after Emmett's DeciderSpecification.
 */
export function deciderSpec<C, E, S>(decider: Decider<C, E, S>) {
  return {
    given(history: E[]) {
      return {
        when(command: C) {
          const run = () => decider.decide(command, history.reduce(decider.evolve, decider.initialState()));
          return {
            then(expected: E[]) {
              expect(run()).toEqual(expected);
            },
            thenRefuses(code: string) {
              let error: unknown;
              try {
                run();
              } catch (e) {
                error = e;
              }
              expect(error).toBeInstanceOf(DomainError);
              expect((error as DomainError).code).toBe(code);
            },
          };
        },
      };
    },
  };
}
