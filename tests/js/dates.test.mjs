// node --test tests/js  (run by tests/test_js.py inside `make test`)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  dayLabel, dayToIso, dayToMonth, isoToDay, monthEndDay, monthParam, MONTHS, shownOn, stepAt,
} from '../../static/instrument/dates.js';

test('days and ISO dates round-trip', () => {
  for (const iso of ['1989-01-01', '1997-11-24', '2000-02-29', '2013-12-31']) {
    assert.equal(dayToIso(isoToDay(iso)), iso);
  }
});

test('a month index ends on its last day, and a December is a bare year', () => {
  assert.equal(MONTHS, 300);
  assert.equal(dayToIso(monthEndDay(0)), '1989-01-31');
  assert.equal(dayToIso(monthEndDay(13)), '1990-02-28');
  assert.equal(dayToIso(monthEndDay(MONTHS - 1)), '2013-12-31');
  assert.equal(monthParam(8 * 12 + 11), '1997');
  assert.equal(monthParam(8 * 12 + 5), '1997-06');
  assert.equal(dayToMonth(isoToDay('1997-11-24')), 8 * 12 + 10);
  assert.equal(dayToMonth(isoToDay('1975-01-01')), 0);
});

test('labels read as the panel does', () => {
  assert.equal(dayLabel(isoToDay('1997-12-31')), '31 December 1997');
});

test('stepAt finds the value in force', () => {
  const steps = [[10, 'a'], [20, 'b'], [30, 'c']];
  assert.equal(stepAt(steps, 5, 'none'), 'none');
  assert.equal(stepAt(steps, 10, 'none'), 'a');
  assert.equal(stepAt(steps, 29, 'none'), 'b');
  assert.equal(stepAt(steps, 99, 'none'), 'c');
  assert.equal(stepAt([], 99, 'none'), 'none');
});

test('events show from their day, within the window', () => {
  const day = isoToDay('1998-11-17');
  assert.equal(shownOn(day, isoToDay('1997-12-31'), [1989, 2013]), false);
  assert.equal(shownOn(day, isoToDay('1998-12-31'), [1989, 2013]), true);
  assert.equal(shownOn(day, isoToDay('1998-12-31'), [1999, 2013]), false);
});
