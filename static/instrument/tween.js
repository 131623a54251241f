// A scene that changes date animates to it (the Briefing's `animateMs`): the map's day walks
// from the old date to the new one a month at a time over about a second. The steps are pure
// (tweenDay, tested in tests/js/); the clock is requestAnimationFrame.

import { dayToMonth, monthEndDay } from './dates.js';

/** The day to draw at fraction t (0..1) of a walk from day `from` to day `to`, in month steps:
 *  `from` at the start, the ends of the months between, exactly `to` at the end. */
export function tweenDay(from, to, t) {
  if (t >= 1) return to;
  if (t <= 0) return from;
  const a = dayToMonth(from);
  const b = dayToMonth(to);
  const month = a + Math.trunc((b - a) * t);
  if (month === a) return from;
  if (month === b) return to;
  return monthEndDay(month);
}

/** Call draw(day) on each animation frame for about `ms`, ending on `to`; returns a cancel
 *  function. A slow machine (software WebGL, a busy laptop) that draws only a few frames a
 *  second still shows at least `minSteps` steps of the walk rather than jumping to the end. */
export function animateDay(from, to, ms, draw, minSteps = 4) {
  let frame = null;
  let start = null;
  let steps = 0;
  const step = (now) => {
    if (start === null) start = now;
    const t = Math.min(1, (now - start) / ms, steps / minSteps);
    steps += 1;
    draw(tweenDay(from, to, t));
    if (t < 1) frame = requestAnimationFrame(step);
  };
  frame = requestAnimationFrame(step);
  return () => cancelAnimationFrame(frame);
}
