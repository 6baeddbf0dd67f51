/** JSON columns are text in both dialects; these keep the parsing in one place. */
export const toJson = (value: unknown): string => JSON.stringify(value);
export function fromJson<T>(text: string | null | undefined): T | null {
  return text == null ? null : (JSON.parse(text) as T);
}
export const nowIso = (): string => new Date().toISOString();
