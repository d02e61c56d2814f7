// The registration wizard and what goes with it live in backend/modules/registration/; this file
// keeps the routes' old address for app.ts.
export { endingRoutes, firmOperationsRoutes, inviteRoutes, registrationRoutes, wizardApiRoutes } from '../modules/registration/routes';
export { wizardPageRoutes } from '../modules/registration/pages';
