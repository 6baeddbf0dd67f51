/** The bearer token the user pasted on the login page, remembered in localStorage. */
const KEY = 'de.token';

/** The remembered token, or null when the user has not logged in. */
export function getToken(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null; // storage blocked (private mode): act as logged out
  }
}

/** Remember a token (trimmed); an empty string forgets it. */
export function setToken(token: string): void {
  const value = token.trim();
  if (value) localStorage.setItem(KEY, value);
  else localStorage.removeItem(KEY);
}

/** Forget the token (log out). */
export function clearToken(): void {
  localStorage.removeItem(KEY);
}
