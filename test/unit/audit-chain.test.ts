import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, canonicalJson, chainNext, cleanText, rowHash, verifyChain, type AuditEntry, type AuditRecord } from '../../server/auth/audit-chain.ts';

const entry = (i: number): AuditEntry => ({
  actorKind: 'user', actorId: String(i), actorName: `u${i}`, actorRole: 'admin', action: 'user.create',
  targetType: 'user', targetId: String(i + 100), outcome: 'ok', ip: '127.0.0.1', userAgent: 'test', details: { b: 1, a: [i, 'x'] },
});

function chain(n: number): AuditRecord[] {
  const out: AuditRecord[] = [];
  for (let i = 0; i < n; i++) out.push(chainNext(out[i - 1] ?? null, entry(i), new Date(1_700_000_000_000 + i)));
  return out;
}

describe('audit hash chain', () => {
  it('starts at the genesis hash and links each row to the one before', () => {
    const rows = chain(3);
    expect(rows[0]!.seq).toBe(1);
    expect(rows[0]!.prevHash).toBe(GENESIS_HASH);
    expect(rows[1]!.prevHash).toBe(rows[0]!.hash);
    expect(rows[2]!.hash).toBe(rowHash(rows[1]!.hash, rows[2]!));
  });

  it('verifies an intact chain and names its head', async () => {
    const rows = chain(50);
    expect(await verifyChain(rows)).toEqual({ ok: true, count: 50, head: { seq: 50, hash: rows[49]!.hash } });
    expect(await verifyChain([])).toEqual({ ok: true, count: 0, head: null });
  });

  it('finds an altered field, a deleted row, a re-hashed row and a swapped pair', async () => {
    const altered = chain(10);
    altered[4] = { ...altered[4]!, actorName: 'someone else' };
    expect(await verifyChain(altered)).toMatchObject({ ok: false, count: 4, problem: { seq: 5, reason: 'hash' } });

    const deleted = chain(10).filter((r) => r.seq !== 6);
    expect(await verifyChain(deleted)).toMatchObject({ ok: false, problem: { seq: 7, reason: 'gap' } });

    const rehashed = chain(10);
    const forged = { ...rehashed[2]!, details: { forged: true } };
    rehashed[2] = { ...forged, hash: rowHash(forged.prevHash, forged) };
    expect(await verifyChain(rehashed)).toMatchObject({ ok: false, problem: { seq: 4, reason: 'prev_hash' } });

    const swapped = chain(10);
    [swapped[2], swapped[3]] = [{ ...swapped[3]!, seq: 3 }, { ...swapped[2]!, seq: 4 }];
    expect(await verifyChain(swapped)).toMatchObject({ ok: false, problem: { seq: 3 } });
  });

  it('canonicalises keys in any order and cleans what PostgreSQL cannot store', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 0, y: 1 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":1,"z":0}]},"b":1}');
    expect(cleanText('a\u0000b\uD800c')).toBe('ab\uFFFDc');
    const r = chainNext(null, { ...entry(0), details: { bad: 'x\u0000', n: Number.NaN, nested: { deep: 1n } } }, new Date(0));
    expect(r.details).toEqual({ bad: 'x', n: null, nested: { deep: '1' } });
  });
});
