/** The local Graph-compatible calendar server: start it in-process, seed it from a roster. */
export type {
  CancellationRecord,
  LocalCalendarData,
  LocalCalendarFaults,
  LocalCalendarStats,
  LocalUser,
  SeedAllDayEvent,
  SeedAttendee,
  SeedEvent,
  SeedTimedEvent,
} from './data.js';
export { seedFromRoster, type RosterPerson, type RosterSeedOptions } from './seed.js';
export { GRAPH_VERSION, MAX_BATCH_REQUESTS, startLocalCalendar, type LocalCalendar, type LocalCalendarOptions } from './server.js';
