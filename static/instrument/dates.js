// Pure date helpers shared by the time control, the map and the timeline (unit-tested with
// `node --test tests/js`). A "day" is a whole number of days since 1970-01-01 (UTC); a "month
// index" counts months from January 1989, the first month the atlas shows.

export const FIRST_YEAR = 1989;
export const LAST_YEAR = 2013;
export const MONTHS = (LAST_YEAR - FIRST_YEAR + 1) * 12;
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];
const MS_PER_DAY = 86400000;

/** Days since 1970-01-01 for an ISO date 'YYYY-MM-DD'. */
export function isoToDay(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return Math.round(Date.UTC(y, m - 1, d) / MS_PER_DAY);
}

/** ISO 'YYYY-MM-DD' of a day number. */
export function dayToIso(day) {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The last day of a month index (the map shows the state at the end of that month). */
export function monthEndDay(index) {
  const y = FIRST_YEAR + Math.floor(index / 12);
  const m = index % 12; // 0-based
  return Math.round(Date.UTC(y, m + 1, 0) / MS_PER_DAY);
}

/** The month index a day falls in, clamped to the atlas's months. */
export function dayToMonth(day) {
  const d = new Date(day * MS_PER_DAY);
  const index = (d.getUTCFullYear() - FIRST_YEAR) * 12 + d.getUTCMonth();
  return Math.max(0, Math.min(MONTHS - 1, index));
}

/** The URL's form of a month index: a bare year for December (the end of that year). */
export function monthParam(index) {
  const y = FIRST_YEAR + Math.floor(index / 12);
  const m = (index % 12) + 1;
  return m === 12 ? String(y) : `${y}-${String(m).padStart(2, '0')}`;
}

/** '31 December 1997' for a day number. */
export function dayLabel(day) {
  const d = new Date(day * MS_PER_DAY);
  return `${d.getUTCDate()} ${MONTH_NAMES[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** The year of a day number. */
export function dayYear(day) {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

/**
 * The value in force on `day` from a list of [fromDay, value] steps sorted by fromDay
 * (the one as-of comparison the browser makes); `fallback` before the first step.
 */
export function stepAt(steps, day, fallback) {
  let lo = 0;
  let hi = steps.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (steps[mid][0] <= day) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found < 0 ? fallback : steps[found][1];
}

/** Whether an event on `day` shows as of `asOf` within the window of years [first, last]. */
export function shownOn(day, asOf, window) {
  const year = dayYear(day);
  return day <= asOf && year >= window[0] && year <= window[1];
}
