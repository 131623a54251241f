// The exported files' scene stepper (apac/exports.py): the briefing pack and the one-scene map
// file. One MapInstrument (instrument.js, the app's own map, time control hidden) is created
// once and fed each scene with update(data): one deck.gl Deck, one WebGL context, whatever the
// number of key presses. Keys are a presentation clicker's: PageDown / PageUp, the arrow keys,
// Space, Home and End; the scene is in the hash (#scene-N) so a link or a reload keeps it.
//
// The page embeds the scenes and the served GeoJSON files once as JSON (#apac-story); each file
// becomes a blob: URL, so nothing is fetched from outside the file. Text reaches the page only
// through textContent.

import { renderStandalone } from './instrument.js';

/** Scenes with the placeholder URLs of the served files swapped for blob: URLs. */
function withBlobUrls(scenes, files, placeholder) {
  const urls = {};
  for (const [name, text] of Object.entries(files)) {
    urls[name] = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  }
  return scenes.map((scene) => {
    const deck = JSON.parse(JSON.stringify(scene.map.deck));
    for (const layer of deck.layers || []) {
      if (typeof layer.data === 'string' && layer.data.startsWith(placeholder)) {
        layer.data = urls[layer.data.slice(placeholder.length)];
      }
    }
    return { ...scene, map: { ...scene.map, deck } };
  });
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
  const scenes = withBlobUrls(payload.scenes, payload.files, payload.placeholder);
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

  function fromHash() {
    const match = window.location.hash.match(/^#scene-(\d+)$/);
    return match ? Number(match[1]) - 1 : 0;
  }

  document.getElementById('progress-box').hidden = !many;
  document.getElementById('help').hidden = !many;
  if (many) {
    document.addEventListener('keydown', (event) => {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      const steps = {
        PageDown: 1, ArrowRight: 1, ArrowDown: 1, ' ': 1, PageUp: -1, ArrowLeft: -1, ArrowUp: -1,
      };
      if (event.key in steps) show(current + steps[event.key]);
      else if (event.key === 'Home') show(0);
      else if (event.key === 'End') show(scenes.length - 1);
      else return;
      event.preventDefault();
      event.stopPropagation(); // the map's own keyboard panning stays out of the way
    }, true);
    window.addEventListener('hashchange', () => show(fromHash()));
  }
  window.addEventListener('resize', fitPanel);
  show(many ? fromHash() : 0);
}
