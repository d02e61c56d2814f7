// The chart-of-accounts numbers a new creditor starts with (the user guide's step 3 defaults,
// NS 4102): the registration's defaults, which the accountant may change in the wizard.
import type { AccountMapping } from '@shared/api';

export const defaultAccounts: AccountMapping = { bank: '1920', customerLedger: '1500', interestIncome: '8055', commission: '6790', collectionFee: '7790', inputVat: '2710' };
