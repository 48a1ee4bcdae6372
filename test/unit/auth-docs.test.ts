/** docs/security.md's permission table must say what server/auth/permissions.ts does. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLES, hasPermission } from '../../server/auth/permissions.ts';

describe('docs/security.md', () => {
  it('has the permission table of the code', () => {
    const md = readFileSync(path.resolve(import.meta.dirname, '../../docs/security.md'), 'utf8');
    const start = md.indexOf('| permission |');
    const all = md.slice(start).split('\n');
    const lines = all.slice(0, all.findIndex((l) => !l.startsWith('|')));
    const header = lines[0]!.split('|').slice(2, -1).map((c) => c.trim().split(' ')[0]);
    expect(header).toEqual([...ROLES]);
    const rows = lines.slice(2);
    expect(rows.map((r) => r.split('|')[1]!.trim())).toEqual([...PERMISSIONS]);
    for (const row of rows) {
      const cells = row.split('|').slice(1, -1).map((c) => c.trim());
      const perm = cells[0] as (typeof PERMISSIONS)[number];
      ROLES.forEach((role, i) => expect(cells[i + 1] === '✓', `${role} ${perm}`).toBe(hasPermission(role, perm)));
    }
  });
});
