// One error model (ARCHITECTURE.md, "The flow of a request"; docs/api.md, "Errors"): services throw AppError(code); one table maps code -> status.
export const errorStatus = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  TEMPLATE_INVALID: 400,
  UNAUTHENTICATED: 401,
  LOGIN_FAILED: 401,
  FORBIDDEN: 403,
  CROSS_SITE_REQUEST: 403,
  NOT_FOUND: 404,
  CLIENT_NOT_FOUND: 404,
  USER_NOT_FOUND: 404,
  ROLE_NOT_FOUND: 404,
  DEPARTMENT_NOT_FOUND: 404,
  CUSTOM_FIELD_NOT_FOUND: 404,
  PRODUCT_NOT_FOUND: 404,
  SALE_NOT_FOUND: 404,
  INVITE_NOT_FOUND: 404,
  INVITE_NOT_VALID: 404,
  VERSION_CONFLICT: 409,
  ALREADY_EXISTS: 409,
  SETUP_DONE: 409,
  IN_USE: 409,
  INVALID_STATE: 409,
  BONUS_INSUFFICIENT: 409,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_REQUESTS: 429,
  INTERNAL: 500,
  PDF_CONVERSION_FAILED: 502,
  PDF_CONVERTER_MISSING: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export type FieldIssue = { field: string; message: string };

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown> | FieldIssue[],
  ) {
    super(message);
  }
}

export function validationError(issues: FieldIssue[]): AppError {
  return new AppError('VALIDATION_FAILED', issues.map((i) => `${i.field}: ${i.message}`).join('; '), issues);
}

/** Collects field issues and throws them together, so a form shows every problem at once. */
export class Issues {
  readonly list: FieldIssue[] = [];
  add(field: string, message: string) {
    this.list.push({ field, message });
  }
  throwIfAny() {
    if (this.list.length > 0) throw validationError(this.list);
  }
}
