// Registering creditors: see backend/modules/registration/ (service, ending, firms, preview).
export * from '../modules/registration/service';
export { closeIfDone, endCreditor, endingStatus } from '../modules/registration/ending';
