/**
 * The house's dependency direction (.dependency-cruiser.cjs): the tree has no import against it, and the rules
 * do catch one (a probe tree with a repository importing an HTTP router, a client panel importing a server
 * repository, and a cycle).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cruise, type ICruiseOptions, type ICruiseResult } from 'dependency-cruiser';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const config = createRequire(import.meta.url)(path.join(root, '.dependency-cruiser.cjs')) as {
  forbidden: NonNullable<ICruiseOptions['ruleSet']>['forbidden'];
  options: ICruiseOptions;
};

async function violations(baseDir: string, roots: string[]): Promise<string[]> {
  const { options } = config;
  const out = await cruise(roots, {
    ...options,
    baseDir,
    validate: true,
    ruleSet: { forbidden: config.forbidden },
    tsConfig: undefined,
    outputType: 'json',
  });
  const result = (typeof out.output === 'string' ? JSON.parse(out.output) : out.output) as ICruiseResult;
  return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
}

describe('dependency direction', () => {
  it('holds for server/ and client/src/', async () => {
    expect(await violations(root, ['server', 'client/src'])).toEqual([]);
  }, 120_000);

  const probe = mkdtemp(path.join(tmpdir(), 'pingan-depcruise-'));
  afterAll(async () => rm(await probe, { recursive: true, force: true }));

  it('fails a file that imports against the direction', async () => {
    const dir = await probe;
    const files: Record<string, string> = {
      'server/http/ogc/router.ts': "export const router = 1;\n",
      'server/db/features/repo.ts': "import { router } from '../../http/ogc/router.ts';\nexport const repo = router;\n",
      'server/db/features/a.ts': "import { b } from './b.ts';\nexport const a = () => b;\n",
      'server/db/features/b.ts': "import { a } from './a.ts';\nexport const b = () => a;\n",
      'client/src/features/panel.ts': "import { repo } from '../../../server/db/features/repo.ts';\nexport const panel = repo;\n",
    };
    for (const [file, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await writeFile(path.join(dir, file), text);
    }
    const found = await violations(dir, ['server', 'client/src']);
    expect(found).toEqual(
      expect.arrayContaining([
        'db-below-services: server/db/features/repo.ts → server/http/ogc/router.ts',
        'nothing-below-http-imports-it: server/db/features/repo.ts → server/http/ogc/router.ts',
        'client-shares-only-protocol-and-domain: client/src/features/panel.ts → server/db/features/repo.ts',
        expect.stringMatching(/^no-circular: server\/db\/features\/(a|b)\.ts/),
      ]),
    );
  }, 60_000);
});
