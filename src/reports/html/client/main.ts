/**
 * The entry point assets.ts bundles (esbuild, with uPlot) into the report
 * page's one script. Importing it starts the page: nothing but the bundler
 * imports it.
 */
import { startApp } from './app.ts';

startApp();
