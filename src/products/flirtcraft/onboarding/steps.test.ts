import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { STEPS, STEP_IDS, buildFlow, detectPersona, missingForCompletion, withStep } from './steps.js';

test('the flow has the eleven steps, welcome … complete', () => {
  assert.equal(STEPS.length, 11);
  assert.equal(STEP_IDS[0], 'welcome');
  assert.equal(STEP_IDS[10], 'complete');
  const f = buildFlow([], [], false);
  assert.equal(f.current_step_index, 0);
  assert.equal(f.can_go_back, false);
  assert.equal(f.can_skip_current, false);
  assert.ok(f.steps.every((s) => !s.completed && !s.skipped));
});

test('current step: the first neither completed nor skipped; skipped-then-completed counts as completed', () => {
  const f = buildFlow(['welcome', 'howItWorks2'], ['howItWorks1'], false);
  assert.equal(f.current_step_index, 3);
  assert.equal(f.steps[1]!.skipped, true);
  assert.equal(f.can_skip_current, true);
  const g = buildFlow(['welcome', 'howItWorks1'], ['howItWorks1'], false);
  assert.equal(g.steps[1]!.completed, true);
  assert.equal(g.steps[1]!.skipped, false);
});

test('flow properties', () => {
  fc.assert(
    fc.property(fc.subarray(STEP_IDS), fc.subarray(STEP_IDS), fc.boolean(), (done, skipped, complete) => {
      const f = buildFlow(done, skipped, complete);
      assert.equal(f.total_steps, 11);
      const cur = f.steps[f.current_step_index]!;
      if (complete) assert.equal(f.current_step_index, 10);
      else if (f.steps.some((s) => !s.completed && !s.skipped)) {
        assert.ok(!cur.completed && !cur.skipped);
        assert.ok(f.steps.slice(0, f.current_step_index).every((s) => s.completed || s.skipped));
      } else assert.equal(f.current_step_index, 10);
      assert.equal(f.can_skip_current, cur.skippable);
      assert.equal(f.can_go_back, f.current_step_index > 0);
      for (const s of f.steps) assert.ok(!(s.completed && s.skipped));
    }),
  );
});

test('withStep adds once; persona and completion rules', () => {
  assert.deepEqual(withStep(withStep([], 'a'), 'a'), ['a']);
  assert.equal(detectPersona('returning', []), 'comebackCatherine');
  assert.equal(detectPersona('intermediate', ['approach_anxiety']), 'confidentCarlos');
  assert.equal(detectPersona('beginner', ['approach_anxiety']), 'anxiousAlex');
  assert.equal(detectPersona('beginner', ['Fear of rejection']), 'anxiousAlex');
  assert.equal(detectPersona('beginner', ['maintaining_interest']), 'shySarah');
  assert.deepEqual(missingForCompletion({ birthYear: null, targetGender: null, primarySkills: [] }), ['ageVerification', 'preferences', 'skillGoals']);
  assert.deepEqual(missingForCompletion({ birthYear: 1990, targetGender: 'everyone', primarySkills: ['storytelling'] }), []);
});
