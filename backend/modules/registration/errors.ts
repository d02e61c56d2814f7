// The registration module's refusals: a status, a code and a Norwegian message, with the fields
// it concerns (the page shows each at its field).
export class RegistrationError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 429 | 502,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }
}
