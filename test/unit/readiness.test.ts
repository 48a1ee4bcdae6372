import { describe, expect, it } from 'vitest';
import { Readiness } from '../../server/readiness.ts';

describe('Readiness', () => {
  it('moves from starting through loading to ready with progress clamped to 0..1', () => {
    const r = new Readiness();
    expect(r.ready).toBe(false);
    r.set('loading', 'cameras', 1.7);
    expect(r.snapshot()).toMatchObject({ phase: 'loading', step: 'cameras', progress: 1 });
    r.set('ready');
    expect(r.ready).toBe(true);
    expect(r.snapshot().readyAt).toBeDefined();
  });

  it('keeps the error of a failed start', () => {
    const r = new Readiness();
    r.fail('boom');
    expect(r.snapshot()).toMatchObject({ phase: 'failed', error: 'boom' });
    expect(r.ready).toBe(false);
  });
});
