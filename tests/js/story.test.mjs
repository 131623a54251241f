// node --test tests/js  (run by tests/test_frontend.py inside `make test`)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sceneAfterKey, sceneFromHash, withUrls } from '../../static/instrument/story.js';

test("a clicker's keys step one scene and stop at either end", () => {
  for (const key of ['PageDown', 'ArrowRight', 'ArrowDown', ' ']) {
    assert.equal(sceneAfterKey(key, 3, 24), 4);
    assert.equal(sceneAfterKey(key, 23, 24), 23);
  }
  for (const key of ['PageUp', 'ArrowLeft', 'ArrowUp']) {
    assert.equal(sceneAfterKey(key, 3, 24), 2);
    assert.equal(sceneAfterKey(key, 0, 24), 0);
  }
  assert.equal(sceneAfterKey('Home', 17, 24), 0);
  assert.equal(sceneAfterKey('End', 2, 24), 23);
  assert.equal(sceneAfterKey('a', 2, 24), null);
  assert.equal(sceneAfterKey('Enter', 2, 24), null);
});

test('the hash names a scene, counted from 1 and clamped', () => {
  assert.equal(sceneFromHash('#scene-1', 24), 0);
  assert.equal(sceneFromHash('#scene-13', 24), 12);
  assert.equal(sceneFromHash('#scene-99', 24), 23);
  assert.equal(sceneFromHash('#scene-0', 24), 0);
  for (const hash of ['', '#', '#scene-', '#scene-2x', '#other', undefined]) {
    assert.equal(sceneFromHash(hash, 24), 0);
  }
});

test('served files named by placeholder get their embedded URL; other data stay', () => {
  const inline = [{ lon: 1, lat: 2 }];
  const scenes = [{
    title: 't',
    map: {
      legend: [],
      deck: { layers: [{ id: 'countries', data: '@P/countries.geojson' }, { id: 'x', data: inline }] },
    },
  }];
  const out = withUrls(scenes, { 'countries.geojson': 'blob:abc' }, '@P/');
  assert.equal(out[0].map.deck.layers[0].data, 'blob:abc');
  assert.deepEqual(out[0].map.deck.layers[1].data, inline);
  assert.equal(scenes[0].map.deck.layers[0].data, '@P/countries.geojson'); // input untouched
  assert.equal(out[0].title, 't');
  assert.throws(() => withUrls(scenes, {}, '@P/'), /countries.geojson is not embedded/);
});
