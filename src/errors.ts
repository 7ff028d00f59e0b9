/** A message key from src/i18n with its parameters; views translate it. */
export interface Message {
  key: string;
  params?: Record<string, string | number>;
}
export type FieldErrors = Partial<Record<string, Message>>;

/** Errors a person can act on. One handler maps them to pages or JSON; anything else is a 500. */
export class DomainError extends Error {
  readonly status: number = 400;
  constructor(
    readonly key: string,
    readonly params: Record<string, string | number> = {},
    /** The form field the error belongs to, when there is one. */
    readonly field?: string,
  ) {
    super(key);
    this.name = new.target.name;
  }
  get fieldErrors(): FieldErrors {
    return this.field ? { [this.field]: { key: this.key, params: this.params } } : {};
  }
}

export class NotFoundError extends DomainError {
  override readonly status = 404;
}
export class ForbiddenError extends DomainError {
  override readonly status = 403;
}
export class ConflictError extends DomainError {
  override readonly status = 409;
}

/** Several field errors at once; status 422 (the input is well-formed but breaks a rule). */
export class ValidationError extends DomainError {
  override readonly status = 422;
  constructor(readonly errors: FieldErrors) {
    super('error.validation');
  }
  override get fieldErrors(): FieldErrors {
    return this.errors;
  }
}
