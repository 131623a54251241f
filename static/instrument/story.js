// The exported files' scene stepper (apac/exports.py): the briefing pack and the one-scene map
// file. One MapInstrument (instrument.js, the app's own map, time control hidden) is created
// once and fed each scene with update(data): one deck.gl Deck, one WebGL context, whatever the
// number of key presses. Keys are a presentation clicker's: PageDown / PageUp, the arrow keys,
// Space, Home and End; the scene is in the hash (#scene-N) so a link or a reload keeps it.
//
// The page embeds the scenes and the served GeoJSON files once as JSON (#apac-story); each file
// becomes a blob: URL, so nothing is fetched from outside the file. Text reaches the page only
// through textContent. The pure helpers (withUrls, sceneAfterKey, sceneFromHash) are tested
// with node (tests/js/story.test.mjs), the page in tests/browser/test_files_browser.py.

import { renderStandalone } from './instrument.js';

/** Scenes whose layer data name a served file (placeholder + name) with that file's URL. */
export function withUrls(scenes, urls, placeholder) {
  return scenes.map((scene) => {
    const deck = JSON.parse(JSON.stringify(scene.map.deck));
    for (const layer of deck.layers || []) {
      if (typeof layer.data === 'string' && layer.data.startsWith(placeholder)) {
        const url = urls[layer.data.slice(placeholder.length)];
        if (!url) throw new Error(`${layer.data} is not embedded in this file`);
        layer.data = url;
      }
    }
    return { ...scene, map: { ...scene.map, deck } };
  });
}

const STEPS = {
  PageDown: 1, ArrowRight: 1, ArrowDown: 1, ' ': 1, PageUp: -1, ArrowLeft: -1, ArrowUp: -1,
};

/** The scene index a key leads to from `current` (0-based, clamped), or null for other keys. */
export function sceneAfterKey(key, current, total) {
  let next = null;
  if (key in STEPS) next = current + STEPS[key];
  else if (key === 'Home') next = 0;
  else if (key === 'End') next = total - 1;
  return next === null ? null : Math.max(0, Math.min(total - 1, next));
}

/** The scene index a hash names ("#scene-3" -> 2), clamped; 0 when it names none. */
export function sceneFromHash(hash, total) {
  const match = /^#scene-(\d+)$/.exec(hash || '');
  return match ? Math.max(0, Math.min(total - 1, Number(match[1]) - 1)) : 0;
}

/** Fit the text column beside the map without scrolling: first drop the key help, then step
 *  the sources' type down (to 70%); the title and caption keep their size. */
function fitPanel() {
  const panel = document.getElementById('panel');
  const style = document.body.style;
  style.removeProperty('--apac-fit');
  delete document.body.dataset.tight;
  const over = () => panel.scrollHeight > panel.clientHeight + 1;
  if (getComputedStyle(panel).display === 'contents' || !over()) return;
  document.body.dataset.tight = '1';
  for (let scale = 0.95; scale >= 0.7 && over(); scale -= 0.05) {
    style.setProperty('--apac-fit', scale.toFixed(2));
  }
}

function text(id, value) {
  document.getElementById(id).textContent = value;
}

/** Start the stepper on this page (called once by the file's module script). */
export function startStory() {
  const payload = JSON.parse(document.getElementById('apac-story').textContent);
  const urls = {};
  for (const [name, body] of Object.entries(payload.files)) {
    urls[name] = URL.createObjectURL(new Blob([body], { type: 'application/json' }));
  }
  const scenes = withUrls(payload.scenes, urls, payload.placeholder);
  const many = scenes.length > 1;
  const container = document.getElementById('deck');
  const sourceList = document.getElementById('source-list');
  let map = null;
  let current = -1;

  function show(index) {
    const next = Math.max(0, Math.min(scenes.length - 1, index));
    if (next === current) return;
    current = next;
    const scene = scenes[current];
    text('title', scene.title);
    text('when', scene.when);
    text('caption', scene.caption);
    sourceList.replaceChildren();
    for (const citation of scene.sources) {
      const item = document.createElement('li');
      item.textContent = citation;
      sourceList.appendChild(item);
    }
    document.getElementById('sources').hidden = scene.sources.length === 0;
    if (many) {
      text('progress', `${current + 1} / ${scenes.length}`);
      document.getElementById('bar-fill').style.width = `${((current + 1) / scenes.length) * 100}%`;
      if (window.location.hash !== `#scene-${current + 1}`) {
        window.location.hash = `scene-${current + 1}`;
      }
    }
    fitPanel();
    if (map) map.update(scene.map);
    else map = renderStandalone(container, scene.map);
    document.body.dataset.scene = String(current + 1); // read by the browser tests
  }

  document.getElementById('progress-box').hidden = !many;
  document.getElementById('help').hidden = !many;
  if (many) {
    document.addEventListener('keydown', (event) => {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      const next = sceneAfterKey(event.key, current, scenes.length);
      if (next === null) return;
      show(next);
      event.preventDefault();
      event.stopPropagation(); // the map's own keyboard panning stays out of the way
    }, true);
    window.addEventListener('hashchange', () => {
      show(sceneFromHash(window.location.hash, scenes.length));
    });
  }
  window.addEventListener('resize', fitPanel);
  show(many ? sceneFromHash(window.location.hash, scenes.length) : 0);
}
