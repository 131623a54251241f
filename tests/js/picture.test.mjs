// node --test tests/js  (run by tests/test_frontend.py inside `make test`)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { legendBoxes, pictureLayout, pictureTexts } from '../../static/instrument/picture.js';

const REGIONS = ['title', 'date', 'map', 'legend', 'source'];

function inside(r, width, height) {
  return r.x >= 0 && r.y >= 0 && r.x + r.w <= width && r.y + r.h <= height;
}

function overlap(a, b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

for (const [width, height] of [[1920, 1080], [3840, 2160], [1280, 720]]) {
  test(`regions at ${width}x${height} sit inside the picture and never overlap`, () => {
    const layout = pictureLayout(width, height);
    for (const name of REGIONS) assert.ok(inside(layout[name], width, height), name);
    for (const a of REGIONS) {
      for (const b of REGIONS) {
        if (a < b) assert.ok(!overlap(layout[a], layout[b]), `${a} overlaps ${b}`);
      }
    }
    assert.ok(layout.map.h > 0.6 * height, 'the map is most of the picture');
    assert.ok(layout.map.y >= layout.title.y + layout.title.h);
    assert.ok(layout.legend.y >= layout.map.y + layout.map.h);
    assert.ok(layout.source.y >= layout.legend.y + layout.legend.h);
  });
}

test('4K is the 1080p layout at twice the size', () => {
  const hd = pictureLayout(1920, 1080);
  const uhd = pictureLayout(3840, 2160);
  for (const name of REGIONS) {
    for (const key of ['x', 'y', 'w', 'h']) assert.equal(uhd[name][key], 2 * hd[name][key]);
  }
});

test('legend items wrap into rows inside the legend region', () => {
  const layout = pictureLayout(1920, 1080);
  const items = Array.from({ length: 30 }, (_, i) => ({ label: `Item number ${i}`, rgba: [0, 0, 0] }));
  const measure = (text, size) => text.length * size * 0.55;
  const boxes = legendBoxes(items, layout.legend, measure);
  assert.equal(boxes.length, items.length);
  const rows = new Set(boxes.map((b) => b.text.y));
  assert.ok(rows.size >= 2, 'wrapped');
  for (const b of boxes) {
    assert.ok(b.text.x + b.text.w <= layout.legend.x + layout.legend.w + 1, b.item.label);
    assert.ok(b.swatch.x + b.swatch.w < b.text.x);
    assert.ok(b.text.y + b.text.h <= layout.legend.y + layout.legend.h + 0.5, 'fits the rows');
  }
  assert.ok(boxes[0].text.font < layout.legend.font, 'smaller type for many items');
});

test('texts come from the spec, with the atlas name as the fallback', () => {
  const texts = pictureTexts({ title: 'T', sourceLine: 'S', legend: [] }, 0);
  assert.equal(texts.title, 'T');
  assert.equal(texts.source, 'S');
  assert.match(texts.date, /^As of /);
  assert.equal(pictureTexts({}, 0).title, 'Asia-Pacific Atlas');
});
