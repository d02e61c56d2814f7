// The domain core in one import, for code that wants several parts: `import { parseOre, interest } from '@shared/index'`.
// Each module can also be imported on its own (`@shared/money`), which is what most code does.
export * from './money';
export * from './identifiers';
export * from './dates';
export * from './rates';
export * from './interest';
export * from './fees';
export * from './stages';
export * from './clock';
