/**
 * The clock the suites run with: the system clock shifted by SWITCHYARD_CLOCK_OFFSET_MS from the test
 * process's environment (`npm run test:server:future` sets one year ahead). Test support passes the
 * same offset to the sidecar under test, so both agree on "now".
 */
import { systemClock, type Clock } from '../kernel/clock';

export function testClockEnv(): Record<string, string> {
  const offset = process.env.SWITCHYARD_CLOCK_OFFSET_MS;
  return offset ? { SWITCHYARD_CLOCK_OFFSET_MS: offset } : {};
}

export function testClock(env: Record<string, string | undefined> = process.env): Clock {
  return systemClock(Number(env.SWITCHYARD_CLOCK_OFFSET_MS ?? 0));
}
