/** A test executable: the plugin protocol layer serving the fixture handlers. */
import { serve } from '../plugin/serve';
import { createFixtureHandlers } from './fixtureHandlers';

void serve(createFixtureHandlers());
