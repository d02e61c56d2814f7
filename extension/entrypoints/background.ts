import { defineBackground } from 'wxt/utils/define-background';

// Placeholder until the extension issue lands: the service worker will hold the login token
// and make the one batch request per page view.
export default defineBackground(() => {});
