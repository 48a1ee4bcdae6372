/**
 * The sound of a new critical incident (特急): a short two-tone chime made with WebAudio (no audio file, works
 * offline), and the device's memory of whether the operator muted it (localStorage `pingan.dispatch.muted`).
 * Browsers start an AudioContext only after a user gesture: the context is made on the first sound and resumed
 * on the next key or click if it was suspended. `played` counts the chimes (the e2e test reads it).
 */
export const MUTE_STORAGE_KEY = 'pingan.dispatch.muted';

export interface Announcer {
  chime(): void;
  /** The remembered choice (false when nothing is stored or storage is off). */
  loadMuted(): boolean;
  saveMuted(muted: boolean): void;
  /** Chimes started on this page. */
  played(): number;
}

type AudioWindow = Pick<Window, 'addEventListener'> & { AudioContext?: typeof AudioContext; localStorage?: Storage };

export function createAnnouncer(win: AudioWindow | null): Announcer {
  let ctx: AudioContext | null = null;
  let count = 0;
  const storage = (): Storage | null => {
    try {
      return win?.localStorage ?? null;
    } catch {
      return null; // storage disabled: the choice lasts for this page
    }
  };
  const resume = () => void ctx?.resume().catch(() => undefined);
  win?.addEventListener('keydown', resume);
  win?.addEventListener('pointerdown', resume);
  return {
    chime() {
      count += 1;
      if (!win?.AudioContext) return;
      ctx ??= new win.AudioContext();
      if (ctx.state === 'suspended') resume();
      const start = ctx.currentTime + 0.02;
      // Two rising tones, twice: heard over a busy room, short enough not to mask a phone call.
      [0, 0.32].forEach((offset) => {
        tone(ctx!, 880, start + offset, 0.14);
        tone(ctx!, 1320, start + offset + 0.15, 0.14);
      });
    },
    loadMuted: () => storage()?.getItem(MUTE_STORAGE_KEY) === '1',
    saveMuted(muted) {
      const s = storage();
      if (!s) return;
      if (muted) s.setItem(MUTE_STORAGE_KEY, '1');
      else s.removeItem(MUTE_STORAGE_KEY);
    },
    played: () => count,
  };
}

function tone(ctx: AudioContext, hz: number, at: number, seconds: number): void {
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.type = 'sine';
  osc.frequency.value = hz;
  gain.gain.setValueAtTime(0.0001, at);
  gain.gain.exponentialRampToValueAtTime(0.35, at + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, at + seconds);
  osc.connect(gain).connect(ctx.destination);
  osc.start(at);
  osc.stop(at + seconds + 0.02);
}
