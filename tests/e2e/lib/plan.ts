/**
 * The shared action flow as the e2e drives it: wait for the dry-run plan, insist every preflight
 * check passes (the failing ones are printed), and run the plan with a reason.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { testIds } from '../../../src/shared/testIds';

/** Waits for the plan's preflight and returns its checks as `"<ok> <text>"`; fails unless all pass. */
export async function passingPlanChecks(page: Page): Promise<string[]> {
  await page.getByTestId(testIds.runAction.preflight).waitFor();
  const checks = await page
    .getByTestId(testIds.runAction.check)
    .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-ok')} ${e.textContent}`));
  assert.ok(checks.length > 0 && checks.every((c) => c.startsWith('true')), checks.join('\n'));
  return checks;
}

const JOB_URL = /\/operations\/jobs\/([0-9a-f-]{36})/;

/** Runs the open plan with `reason` and returns the id of the job page it lands on. */
export async function runPlanWithReason(page: Page, reason: string): Promise<string> {
  await page.getByTestId(testIds.runAction.run).click();
  await page.getByTestId(testIds.reasonModal.input).fill(reason);
  await page.getByTestId(testIds.reasonModal.submit).click();
  await page.waitForURL(JOB_URL);
  return JOB_URL.exec(page.url())![1];
}
