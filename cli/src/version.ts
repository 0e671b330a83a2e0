// Kept in step with package.json by a unit test; importing package.json would pull it into bundles.
export const VERSION = '0.1.0';
