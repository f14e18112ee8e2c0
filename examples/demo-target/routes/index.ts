/** Every route of the demo target, in one table. */
import type { Route } from '../router.ts';
import { actionRoutes } from './actions.ts';
import { authRoutes } from './auth.ts';
import { basicRoutes } from './basics.ts';
import { cookieRoutes } from './cookies.ts';
import { documentRoutes } from './documents.ts';
import { drillRoutes } from './drills.ts';
import { partialRoutes } from './partials.ts';
import { profileRoutes } from './profiles.ts';
import { queueRoutes } from './queue.ts';
import { statsRoutes } from './stats.ts';
import { utilityRoutes } from './utility.ts';
import { webhookRoutes } from './webhooks.ts';
import { uiRoutes } from './ui.ts';

/** All routes the demo target serves. */
export const allRoutes: Route[] = [
  ...basicRoutes, ...authRoutes, ...actionRoutes, ...queueRoutes, ...webhookRoutes,
  ...profileRoutes, ...partialRoutes, ...documentRoutes, ...utilityRoutes, ...cookieRoutes, ...statsRoutes,
  ...drillRoutes, ...uiRoutes,
];
