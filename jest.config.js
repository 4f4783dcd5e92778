/** One jest run for every suite; file suffixes say what a test needs (see README). */
const moduleNameMapper = {
  '^@app/event-store-testing$': '<rootDir>/libs/event-store/testing',
  '^@app/event-store(|/.*)$': '<rootDir>/libs/event-store/src$1',
  '^@app/common-testing$': '<rootDir>/libs/common/testing',
  '^@app/common(|/.*)$': '<rootDir>/libs/common/src$1',
  '^@app/cases-testing$': '<rootDir>/libs/cases/testing',
  '^@app/cases(|/.*)$': '<rootDir>/libs/cases/src$1',
  '^@app/intelligence(|/.*)$': '<rootDir>/libs/intelligence/src$1',
  '^@app/contracts$': '<rootDir>/libs/contracts/src',
  '^@app/messaging(|/.*)$': '<rootDir>/libs/messaging/src$1',
  '^@app/auth-testing$': '<rootDir>/libs/auth/testing',
  '^@app/auth(|/.*)$': '<rootDir>/libs/auth/src$1',
  '^@app/audit(|/.*)$': '<rootDir>/libs/audit/src$1',
  '^@app/sharing(|/.*)$': '<rootDir>/libs/sharing/src$1',
  '^@app/access(|/.*)$': '<rootDir>/libs/access/src$1',
  '^@app/retention(|/.*)$': '<rootDir>/libs/retention/src$1',
  '^@app/analysis(|/.*)$': '<rootDir>/libs/analysis/src$1',
  '^@app/console(|/.*)$': '<rootDir>/libs/console/src$1',
};

module.exports = {
  rootDir: '.',
  moduleFileExtensions: ['js', 'json', 'ts'],
  testRegex: '.*\\.spec\\.ts$',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  testEnvironment: 'node',
  moduleNameMapper,
  testTimeout: 60000,
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
};
