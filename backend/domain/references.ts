// References our writes to Go carry, so reads from Go can tell our own entries from the rest.

/** Vouchers our remittances post carry this prefix in externalImportReference; the sync reads a
 *  matched item with it as our own remittance (already in the case), not a direct payment. */
export const remittanceReferencePrefix = 'modhi-rem-';
