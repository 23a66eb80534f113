import { version } from '../../package.json';

/** The app version written into every recording header (package.json, bundled at build time). */
export const APP_VERSION: string = version;
