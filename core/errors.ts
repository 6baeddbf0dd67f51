/**
 * Errors that carry their HTTP meaning. Pipeline stages throw these for bad input; the API's one error
 * handler turns them into `{"error": {"code", "message", "details"?}}`; workers treat them as permanent
 * (no retry) failures.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The input itself is wrong (unreadable file, invalid geometry, ...): 400 unless told otherwise. */
export class BadInputError extends AppError {
  constructor(code: string, message: string, details?: unknown, status = 400) {
    super(status, code, message, details);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string, id: string) {
    super(404, 'not_found', `${what} ${id} not found`);
  }
}

export class ConflictError extends AppError {
  constructor(code: string, message: string, details?: unknown) {
    super(409, code, message, details);
  }
}

export class ForbiddenError extends AppError {
  constructor(message: string) {
    super(403, 'forbidden', message);
  }
}
