// Step 3 of the wizard for Delante AS, as the user guide's example fills it in: the registration
// tests (API and browser) all register the same company.
export const details = {
  name: 'Delante AS',
  address: { line1: 'Smedstusvingen 18', postCode: '1480', city: 'Slattum' },
  bankAccount: '1503.80.59359',
  vatDeductible: true,
  contact: { firstName: 'Thomas', lastName: 'Thorsen', email: 'thomas.thorsen@delante.no', phone: '950 71 642' },
  accounts: { bank: '1920', customerLedger: '1500', interestIncome: '8055', commission: '6790', collectionFee: '7790', inputVat: '2710' },
  dunning: 'agency_notice' as const,
  approval: 'manual' as const,
};
