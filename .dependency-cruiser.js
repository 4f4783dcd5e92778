/**
 * Layer rules, checked in `npm run lint` (part of `npm test`).
 * - Domain code (deciders, events, pure views) imports no framework or infrastructure.
 * - A context imports another only through its index (`@app/<context>`; test builders `@app/<context>-testing`).
 * - No app imports another app; libraries never import apps.
 * - The event store and messaging libraries know no business context.
 * What is domain code follows from the file's name or folder (STYLE.md, "Names"), not from a list.
 */
const FRAMEWORKS = '^node_modules/(@nestjs|typeorm|kafkajs|pg|better-sqlite3|@eventstore/db-client|express)/';
// Pure libraries domain code may use besides node built-ins: zod holds the events' schemas.
const PURE_LIBRARIES = '^node_modules/zod/';
const CONTEXTS = '(cases|intelligence|sharing|audit|retention|access|auth|analysis|console)';
// Folders named like domain folders that hold application helpers (reading a child's case, DTO validators, test wiring).
const NOT_DOMAIN = ['libs/intelligence/src/shared/'];
const domain = (pattern) => `^(?!${NOT_DOMAIN.join('|')})${pattern}`;
const DOMAIN = [
  // Role suffixes: the event union, the decider, business rules, event schemas, test builders of events and commands,
  // identifier rules, and which event fields hold personal data (encrypted per subject by the event store).
  domain('libs/[^/]+/src/.*\\.(events|decider|rules|schemas|builders|identifiers|personal-data)\\.ts$'),
  // Pure views: a fold of events into what a reader sees, no I/O (`case-view.ts`, `poi-profile-view.ts`).
  domain('libs/[^/]+/src/.*-view\\.ts$'),
  // Code lists, labels and policies shared inside a context; the common domain kernel.
  domain('libs/[^/]+/src/(|.*/)(shared|policy|domain)/'),
  // Integration message contracts: plain types and validators, shared with other organisations.
  '^libs/contracts/src/',
  // Pure by content, named before the convention; many files import them.
  '^libs/cases/src/risk/risk-scheme\\.ts$', // the risk assessment tool as pure functions
  '^libs/intelligence/src/poi-network/poi-network\\.ts$', // the network walk
  '^libs/intelligence/src/police-feed/police-feed-message\\.ts$', // the feed documents, deterministic for rebuilds
];

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'Domain code (events, deciders, pure projections) must not import Nest, TypeORM, Kafka or database drivers.',
      from: { path: DOMAIN },
      to: { path: FRAMEWORKS, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'domain-imports-domain-only',
      severity: 'error',
      comment: 'Domain code may import only other domain code, node built-ins and pure libraries (zod).',
      from: { path: DOMAIN, pathNot: '\\.spec\\.ts$' },
      to: { pathNot: [...DOMAIN, PURE_LIBRARIES], dependencyTypesNot: ['type-only', 'core'] },
    },
    {
      name: 'contexts-meet-at-their-index',
      severity: 'error',
      comment:
        'A library imports a business context only through its index (`@app/<context>`), type-only imports too: ' +
        'what a context offers the others is what its index exports.',
      from: { path: '^libs/([^/]+)/' },
      to: { path: `^libs/${CONTEXTS}/`, pathNot: ['^libs/$1/', `^libs/${CONTEXTS}/(src|testing)/index\\.ts$`] },
    },
    {
      name: 'no-app-to-app',
      severity: 'error',
      comment: 'Apps only compose libraries; one app never imports another.',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/([^/]+)/', pathNot: '^apps/$1/' },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'event-store-knows-no-context',
      severity: 'error',
      comment: 'The event store is generic: it must not depend on any business context.',
      from: { path: '^libs/event-store/' },
      to: { path: `^libs/${CONTEXTS}/` },
    },
    {
      name: 'messaging-knows-no-context',
      severity: 'error',
      comment: 'Messaging (outbox, relay, buses, consumers) is generic: contexts register mappers and consumers with it.',
      from: { path: '^libs/(messaging|contracts)/' },
      to: { path: `^libs/${CONTEXTS}/` },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: '\\.spec\\.ts$' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
