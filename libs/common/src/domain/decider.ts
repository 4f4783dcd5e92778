/**
 * An aggregate as three pure functions (after Emmett): no base class, no `this`, no I/O.
 * The same `evolve` rebuilds write-side state, replays history for auditors and travels in time.
 */
export interface Decider<Command, Event, State> {
  initialState: () => State;
  /** Throws DomainError when the command is refused; never writes. */
  decide: (command: Command, state: State) => Event[];
  /** Never throws: history is a fact. */
  evolve: (state: State, event: Event) => State;
}

export function replay<Command, Event, State>(decider: Decider<Command, Event, State>, events: readonly Event[]): State {
  return events.reduce(decider.evolve, decider.initialState());
}
