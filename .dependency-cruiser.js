/**
 * Layer rules, checked in `npm run lint` (part of `npm test`).
 * - Domain code (deciders, events, pure views) imports no framework or infrastructure.
 * - No app imports another app; libraries never import apps.
 * - The event store library knows no business context.
 */
const FRAMEWORKS = '^node_modules/(@nestjs|typeorm|kafkajs|pg|better-sqlite3|@eventstore/db-client|express)/';
// Domain files: the stream folders' events, deciders and builders, the pure case view, shared code lists.
const DOMAIN = [
  '^libs/.*\\.(events|decider|builders)\\.ts$',
  '^libs/cases/src/case-view/case-view\\.ts$',
  '^libs/cases/src/(missing-episode|semrac-listing)/[a-z-]+-case-view\\.ts$',
  '^libs/cases/src/risk/risk-(scheme|view)\\.ts$',
  '^libs/cases/src/shared/',
  '^libs/common/src/domain/',
  // Which event fields hold personal data (encrypted per subject by the event store).
  '^libs/[a-z]+/src/[a-z]+\\.personal-data\\.ts$',
  // Intelligence: identifier rules, source checks, pure views and the network walk.
  '^libs/intelligence/src/person-of-interest/person-of-interest\\.identifiers\\.ts$',
  '^libs/intelligence/src/intelligence-item/source-identifiers\\.ts$',
  '^libs/intelligence/src/intelligence-item/read-original/sealed-intelligence-view\\.ts$',
  '^libs/intelligence/src/(intelligence-register|poi-profile)/[a-z-]+-view\\.ts$',
  '^libs/intelligence/src/poi-network/poi-network\\.ts$',
  '^libs/intelligence/src/police-feed/police-feed-message\\.ts$',
  // Sharing: TLP labels and their readers, lawful bases, peers, share content, pure read-model views.
  '^libs/sharing/src/shared/',
  '^libs/sharing/src/read-models/[a-z-]+-view\\.ts$',
  // Access: the need-to-know policy.
  '^libs/access/src/policy/access-policy\\.ts$',
  // Integration message contracts: plain types and validators, shared with other organisations.
  '^libs/contracts/src/',
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
      comment: 'Domain code may import only other domain code and node built-ins.',
      from: { path: DOMAIN, pathNot: '\\.spec\\.ts$' },
      to: { pathNot: DOMAIN, dependencyTypesNot: ['type-only', 'core'] },
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
      to: { path: '^libs/(cases|intelligence|sharing|audit|auth)/' },
    },
    {
      name: 'messaging-knows-no-context',
      severity: 'error',
      comment: 'Messaging (outbox, relay, buses, consumers) is generic: contexts register mappers and consumers with it.',
      from: { path: '^libs/(messaging|contracts)/' },
      to: { path: '^libs/(cases|intelligence|sharing|audit|auth)/' },
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
