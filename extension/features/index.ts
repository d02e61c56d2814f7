// Every user-visible feature, registered in one place.
import { extensionsWarning } from './extensions-warning';
import { inkassoApproval } from './inkasso-approval';
import { ledgerBadges } from './ledger-badges';
import type { Feature } from './types';

export const features: Feature[] = [ledgerBadges, extensionsWarning, inkassoApproval];
