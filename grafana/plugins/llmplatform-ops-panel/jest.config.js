// As @grafana/create-plugin's .config/jest.config.js: jsdom, SWC, the setup file that jsdom lacks for @grafana/ui.
module.exports = {
  moduleNameMapper: {
    '\\.(css|scss|sass)$': 'identity-obj-proxy',
  },
  modulePaths: ['<rootDir>/src'],
  setupFilesAfterEnv: ['<rootDir>/jest-setup.js'],
  testEnvironment: 'jest-environment-jsdom',
  // A bound, not a speed check: the machine is shared with the suite's JVMs, and @grafana/ui renders slowly there.
  testTimeout: 30000,
  // A JUnit report where .ci/test-totals counts the Java modules' (target/surefire-reports/TEST-*.xml).
  reporters: [
    'default',
    ['jest-junit', { outputDirectory: 'target/surefire-reports', outputName: 'TEST-llmplatform-ops-panel-jest.xml' }],
  ],
  testMatch: ['<rootDir>/src/**/*.test.{ts,tsx}'],
  transform: {
    '^.+\\.(t|j)sx?$|^.+\\.mjs$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'classic' } } } },
    ],
  },
  // ES modules that @grafana/data and @grafana/ui pull in (as create-plugin's .config/jest/utils.js lists them).
  transformIgnorePatterns: [
    'node_modules/(?!(ol|d3|d3-[a-z-]+|internmap|delaunator|robust-predicates|marked|react-colorful|uuid|@wojtekmaj|react-calendar|get-user-locale|memoize|mimic-function|rbush|quickselect|pbf|earcut)/)',
  ],
};
