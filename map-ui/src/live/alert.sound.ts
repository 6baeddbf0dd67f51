/**
 * An audible alert for critical findings, synthesised with WebAudio (no sound file to ship).
 * Browsers only allow audio after a user gesture, so the context is created lazily and resumed.
 */
let ctx: AudioContext | null = null;
let enabled = localStorage.getItem('de.sound') !== 'off';

/** Whether sound alerts are on. */
export function soundEnabled(): boolean {
  return enabled;
}

/** Turn sound alerts on or off (remembered). */
export function setSoundEnabled(on: boolean): void {
  enabled = on;
  localStorage.setItem('de.sound', on ? 'on' : 'off');
  if (on) void unlock();
}

async function unlock(): Promise<AudioContext | null> {
  try {
    ctx ??= new AudioContext();
    if (ctx.state === 'suspended') await ctx.resume();
    return ctx;
  } catch {
    return null; // no audio device: the visual alert still shows
  }
}

/** Three short beeps at 880 Hz. */
export async function beep(): Promise<void> {
  if (!enabled) return;
  const ac = await unlock();
  if (!ac) return;
  const start = ac.currentTime;
  for (let i = 0; i < 3; i++) {
    const osc = ac.createOscillator();
    const gain = ac.createGain();
    osc.type = 'square';
    osc.frequency.value = 880;
    const t0 = start + i * 0.25;
    gain.gain.setValueAtTime(0.0001, t0);
    gain.gain.exponentialRampToValueAtTime(0.2, t0 + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t0 + 0.18);
    osc.connect(gain).connect(ac.destination);
    osc.start(t0);
    osc.stop(t0 + 0.2);
  }
}
