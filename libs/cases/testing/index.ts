/**
 * Builders of the cases context's events and commands, for other contexts' tests (`@app/cases-testing`):
 * another context reaches them here, never by a path into libs/cases/src.
 */
export * from '../src/case/case.builders';
export * from '../src/missing-episode/missing-episode.builders';
export * from '../src/risk/risk.builders';
export * from '../src/semrac-meeting/semrac-meeting.builders';
