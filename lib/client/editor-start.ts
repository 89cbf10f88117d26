/**
 * The editor document's one script, inlined in its head (npm run build:viewer
 * bundles it into viewer/.built): the app loads once the editor's markup has
 * painted, so it is on screen and takes typing first.
 */
import { loadAppScript } from './app-script';

loadAppScript(Promise.resolve());
