// The registration module's refusals: a code and a Norwegian message, with the fields it concerns
// (the page shows each at its field). A DomainError: app.ts's one table gives the HTTP status; a
// refused field ('validation') is worded like every other bad request (errors.ts: invalid).
import { both, DomainError, invalid, type ErrorCode } from '../../errors';

export class RegistrationError extends DomainError {
  constructor(code: ErrorCode, message: string, fields?: Record<string, string>) {
    const texts = fields ? Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, both(v)])) : undefined;
    super(code, { message: code === 'validation' && texts ? invalid(texts).text : both(message), ...(texts ? { fields: texts } : {}) });
  }
}
