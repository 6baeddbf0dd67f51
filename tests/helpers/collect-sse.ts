/** A real SSE client over fetch: collects events until closed (EventSource is not in Node 20). */
export interface SseEvent {
  id: number;
  type: string;
  data: unknown;
}

export function collectSse(url: string, headers: Record<string, string>): { events: SseEvent[]; ready: Promise<void>; close(): void } {
  const events: SseEvent[] = [];
  const controller = new AbortController();
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  void (async () => {
    try {
      const res = await fetch(url, { headers, signal: controller.signal });
      markReady();
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const field = (name: string) => block.split('\n').find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
          const id = field('id');
          if (id !== undefined) events.push({ id: Number(id), type: field('event') ?? 'message', data: JSON.parse(field('data') ?? 'null') });
        }
      }
    } catch {
      markReady();
    }
  })();
  return { events, ready, close: () => controller.abort() };
}
