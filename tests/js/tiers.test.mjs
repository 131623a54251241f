// node --test tests/js  (run by tests/test_frontend.py inside `make test`)
// Which of the map's three canvases each layer is drawn on (instrument.js tiersOf): the land
// redraws at every month step, the fixed overlays never do, the dated markers on top only when
// the markers shown change; the order Python gives is kept within each canvas.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tiersOf } from '../../static/instrument/instrument.js';

const fixed = (id) => ({ id, props: { data: `/app/static/${id}.geojson` } });
const events = (id) => ({ id, props: { asOfField: 'day', data: [{ day: 1 }] } });
const opened = (id) => ({ id, props: { inServiceField: 'day', data: [{ day: 1 }] } });

test('land, fixed overlays, then the dated markers and what Python draws after them', () => {
  const layers = [
    fixed('ocean'), fixed('countries'), fixed('other-disputed'), fixed('chokepoint-axes'),
    fixed('dispute-outlines'), fixed('dispute-labels'), events('incidents'), events('summits'),
    fixed('selection-ring'),
  ];
  assert.deepEqual(tiersOf(layers), [0, 0, 1, 1, 1, 1, 2, 2, 2]);
});

test('energy sites (dated from the day they opened) go on top, disputes stay fixed', () => {
  const layers = [
    fixed('ocean'), fixed('countries'), opened('energy-lines'), opened('energy-sites'),
    fixed('dispute-outlines'), events('summits'), fixed('selection-ring'),
  ];
  assert.deepEqual(tiersOf(layers), [0, 0, 2, 2, 1, 2, 2]);
});

test('with no dated layer every overlay is fixed, the selection ring included', () => {
  const layers = [fixed('ocean'), fixed('countries'), fixed('disputes'), fixed('selection-ring')];
  assert.deepEqual(tiersOf(layers), [0, 0, 1, 1]);
});

test('a date field on data still loading from a URL does not make a layer dated', () => {
  const loading = { id: 'summits', props: { asOfField: 'day', data: '/app/static/x.json' } };
  assert.deepEqual(tiersOf([fixed('countries'), loading]), [0, 1]);
});
