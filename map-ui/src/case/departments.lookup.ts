/**
 * Department names for the case panel: cases carry only a department id ("dept-port-ajj"), which
 * means nothing to an officer. The list is small and fixed, so it is fetched once per visit.
 */
import { getJson } from '../api/http.client.ts';
import { lang } from '../i18n/i18n.ts';

interface Department {
  id: string;
  name: string;
  nameEn?: string;
}

let all: Promise<Map<string, Department>> | null = null;

/** The name of a department in the current language, or the id itself when it is unknown. */
export async function departmentName(id: string): Promise<string> {
  all ??= getJson<{ departments: Department[] }>('/departments')
    .then((r) => new Map(r.departments.map((d) => [d.id, d])))
    .catch(() => {
      all = null; // try again next time
      return new Map<string, Department>();
    });
  const d = (await all).get(id);
  if (!d) return id;
  return lang() === 'en' && d.nameEn ? d.nameEn : d.name;
}

/** Fill `el` with the department's name once known (it shows the id meanwhile). */
export function showDepartment(el: HTMLElement, id: string | null | undefined): void {
  if (!id) return;
  void departmentName(id).then((name) => {
    el.textContent = name;
    el.title = id;
  });
}
