// Why an invoice is not taken into collection, or the creditor is not connected, in domain
// words (app.ts's table answers them with 409).
import { DomainError, type Text } from '../../errors';

export type SendRefusal = 'not_overdue' | 'excluded_customer' | 'another_agency_active' | 'not_approved' | 'not_found' | 'creditor_not_active';
export class SendRefused extends DomainError {
  constructor(readonly reason: SendRefusal, message: Text, fields?: Record<string, Text>) {
    super(reason, { message, ...(fields ? { fields } : {}) });
  }
}

export const refusalText: Record<SendRefusal, Text> = {
  not_overdue: { nb: 'Fakturaen har ikke forfalt', en: 'The invoice is not overdue' },
  excluded_customer: { nb: 'Kunden er unntatt fra inkasso i PowerOffice GO', en: 'The customer is excluded from collection in PowerOffice GO' },
  another_agency_active: { nb: 'Modhi kan ikke opprette nye saker for klienten: et annet inkassobyrå har haken «Inkassobyrå kan opprette nye saker»', en: 'Modhi cannot create new cases for the client: another agency has "Debt collection agency can create new cases" ticked' },
  not_approved: { nb: 'PowerOffice GO har ikke godkjent fakturaen for inkasso (Inkasso → Utkast → Godkjenn)', en: 'PowerOffice GO has not approved the invoice for collection (Inkasso → Utkast → Godkjenn)' },
  not_found: { nb: 'Fant ikke fakturaen i PowerOffice GO', en: 'Invoice not found in PowerOffice GO' },
  creditor_not_active: { nb: 'Kreditoren er ikke koblet til PowerOffice GO', en: 'The creditor is not connected to PowerOffice GO' },
};
