/**
 * The dependency direction of the house (shared STYLE.md "Layout"), held by dependency-cruiser.
 * test/unit/dependency-direction.test.ts cruises the tree with these rules in `npm test`, so an import
 * against the direction fails the build; `npx depcruise server client/src` shows the same report by hand.
 *
 *   server:  protocol ← domain ← auth (policy) ← db ← auth/services ← realtime, simulator ← http ← app/compose/index
 *   client:  server/protocol, server/domain ← lib ← state ← net ← map ← features ← app ← main
 * Production code never imports test/ or bench/; only server/db imports a database driver; only client/src/net
 * opens a socket.
 */
const SERVER_LEAVES = '^server/(protocol|domain)/';
module.exports = {
  forbidden: [
    {
      name: 'protocol-is-the-contract',
      comment: 'server/protocol is the wire contract shared with the client: it imports nothing else of ours and no Node API.',
      severity: 'error',
      from: { path: '^server/protocol/' },
      to: { pathNot: ['^server/protocol/', 'node_modules/zod/', '^geojson$', 'node_modules/@types/geojson/'] },
    },
    {
      name: 'domain-is-pure',
      comment: 'server/domain holds pure rules (the client imports them): only protocol and other domain rules, no Node API, no I/O.',
      severity: 'error',
      from: { path: '^server/domain/' },
      to: { pathNot: [SERVER_LEAVES] },
    },
    {
      name: 'auth-policy-is-pure',
      comment: 'server/auth/*.ts is policy (permissions, jurisdiction, masking, credentials): no database, no HTTP. Services that need the database live in server/auth/services/.',
      severity: 'error',
      from: { path: '^server/auth/[^/]+$' },
      to: { path: '^server/(db|http|realtime|simulator|app|compose|index)|^server/auth/services/' },
    },
    {
      name: 'db-below-services',
      comment: 'Repositories know nothing of HTTP, sockets, auth services or the simulator.',
      severity: 'error',
      from: { path: '^server/db/' },
      to: { path: '^server/(http|realtime|simulator|auth/services|app|compose|index)' },
    },
    {
      name: 'nothing-below-http-imports-it',
      comment: 'Only the composition root (server/app.ts, server/compose.ts, server/index.ts) and http itself import server/http.',
      severity: 'error',
      from: { path: '^server/', pathNot: '^server/(http/|app\\.ts|compose\\.ts|index\\.ts)' },
      to: { path: '^server/http/' },
    },
    {
      name: 'realtime-gets-its-collaborators-injected',
      comment: 'The live feed gets metrics, the principal resolver and the simulator from the composition root.',
      severity: 'error',
      from: { path: '^server/realtime/' },
      to: { path: '^server/(http|simulator|app|compose|index)' },
    },
    {
      name: 'only-db-talks-to-the-database',
      severity: 'error',
      from: { path: '^(server|client)/', pathNot: '^server/db/' },
      to: { path: '^node_modules/(pg|@electric-sql)/' },
    },
    {
      name: 'server-is-not-client',
      severity: 'error',
      from: { path: '^server/' },
      to: { path: '^client/' },
    },
    {
      name: 'client-shares-only-protocol-and-domain',
      comment: 'The browser app may import the wire contract and pure rules of the server, nothing else of it.',
      severity: 'error',
      from: { path: '^client/src/' },
      to: { path: '^server/', pathNot: [SERVER_LEAVES] },
    },
    {
      name: 'client-lib-is-a-leaf',
      severity: 'error',
      from: { path: '^client/src/lib/' },
      to: { path: '^client/src/', pathNot: '^client/src/lib/' },
    },
    {
      name: 'client-state-is-below-the-ui',
      comment: 'Store slices and updaters are pure: no network, map, panels or shell (type-only imports of shapes are fine).',
      severity: 'error',
      from: { path: '^client/src/state/' },
      to: { path: '^client/src/(net|map|features|app|main)', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'client-net-is-below-the-ui',
      severity: 'error',
      from: { path: '^client/src/net/' },
      to: { path: '^client/src/(map|features|app|main)', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'only-net-opens-sockets',
      severity: 'error',
      from: { path: '^client/src/', pathNot: '^client/src/net/' },
      to: { path: '^node_modules/socket\\.io-client/' },
    },
    {
      name: 'production-never-imports-tests',
      severity: 'error',
      from: { path: '^(server|client)/' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'no-circular',
      comment: 'A cycle means two modules are one module in two files, or a rule lives in the wrong room.',
      severity: 'error',
      from: { path: '^(server|client/src)/' },
      to: { circular: true, dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.tsx', '.mjs', '.js', '.cjs', '.json'] },
  },
};
