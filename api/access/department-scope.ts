/**
 * Department scoping of reads (DOMAIN.md: officers act only on their own department's cases; managers
 * see all). One rule for findings, photos, cases, evidence and live events:
 * - managers and admins: every department;
 * - officers: their own department only, and nothing department-bound when they have none;
 * - operators: the photos of the missions they fly (the matrix keeps them off findings and cases);
 * - docks: nothing department-bound.
 */
import type { User } from '../../core/db/repositories/users.repository.ts';
import { ForbiddenError } from '../../core/errors.ts';

export type DepartmentScope = { kind: 'all' } | { kind: 'department'; departmentId: string } | { kind: 'none' };

export function departmentScope(user: User): DepartmentScope {
  switch (user.role) {
    case 'admin':
    case 'manager':
    case 'operator':
      return { kind: 'all' };
    case 'officer':
      return user.departmentId ? { kind: 'department', departmentId: user.departmentId } : { kind: 'none' };
    case 'dock':
      return { kind: 'none' };
  }
}

/** Whether the user may see a row of this department (null: a row no department owns). */
export function maySeeDepartment(user: User, departmentId: string | null): boolean {
  const scope = departmentScope(user);
  return scope.kind === 'all' || (scope.kind === 'department' && departmentId === scope.departmentId);
}

export function assertMaySeeDepartment(user: User, departmentId: string | null, what: string): void {
  if (!maySeeDepartment(user, departmentId)) throw new ForbiddenError(`${what} belongs to another department`);
}
