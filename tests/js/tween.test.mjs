// node --test tests/js  (run by tests/test_js.py inside `make test`)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dayToMonth, isoToDay, monthEndDay } from '../../static/instrument/dates.js';
import { tweenDay } from '../../static/instrument/tween.js';

test('a tween starts on the old day, ends on the new one, and walks month ends between', () => {
  const from = isoToDay('1989-11-06');
  const to = isoToDay('1994-07-25');
  assert.equal(tweenDay(from, to, 0), from);
  assert.equal(tweenDay(from, to, 1), to);
  const months = [];
  for (let i = 1; i < 100; i += 1) {
    const day = tweenDay(from, to, i / 100);
    assert.ok(day >= from && day <= to, `day ${day} outside the walk`);
    if (day !== from && day !== to) {
      assert.equal(day, monthEndDay(dayToMonth(day)), 'between the ends, a month end');
      months.push(dayToMonth(day));
    }
  }
  assert.ok(months.length > 40, 'most of the 56 months between are drawn');
  assert.deepEqual(months, [...months].sort((a, b) => a - b), 'forward in time');
});

test('a tween walks backwards to an earlier scene', () => {
  const from = isoToDay('2013-10-10');
  const to = isoToDay('2009-12-28');
  const half = tweenDay(from, to, 0.5);
  assert.ok(half < from && half > to);
  assert.equal(tweenDay(from, to, 0.999) >= to, true);
});

test('the same month: no step between', () => {
  const from = isoToDay('2010-10-27');
  const to = isoToDay('2010-10-30');
  assert.equal(tweenDay(from, to, 0.5), from);
  assert.equal(tweenDay(from, to, 1), to);
});
