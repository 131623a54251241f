// Pictures of the map for slides, made from the app's own deck.gl map: the same layers and
// camera drawn again at the target size by a temporary offscreen Deck, then title, date,
// legend and source line drawn around it with canvas 2D (PNG) or written as SVG <text> around
// the map as an embedded raster image (SVG). The same composer makes a video's frames.
//
// Text from data (titles, legend labels, sources) is drawn with fillText or set as SVG text
// nodes (XMLSerializer escapes it): it never becomes markup.

import { dayLabel, isoToDay } from './dates.js';

export const ATLAS = 'Asia-Pacific Atlas';
const FONT = '"DejaVu Sans", "Source Sans Pro", Helvetica, Arial, sans-serif';
const INK = '#111111';

/** The picture's regions for a size, as data: {width, height, scale, title, date, map,
 *  legend, source}, each region {x, y, w, h, font} (font: text size in px). */
export function pictureLayout(width, height) {
  const s = height / 1080;
  const m = Math.round(32 * s);
  const gap = Math.round(14 * s);
  const titleH = Math.round(58 * s);
  const sourceH = Math.round(30 * s);
  const legendH = Math.round(80 * s);
  const split = Math.round(width * 0.64);
  const title = { x: m, y: m, w: split - m - gap, h: titleH, font: Math.round(44 * s) };
  const date = { x: split, y: m, w: width - split - m, h: titleH, font: Math.round(40 * s) };
  const source = { x: m, y: height - m - sourceH, w: width - 2 * m, h: sourceH,
    font: Math.round(20 * s) };
  const legend = { x: m, y: source.y - gap - legendH, w: width - 2 * m, h: legendH,
    font: Math.round(23 * s) };
  const mapY = title.y + title.h + gap;
  const map = { x: m, y: mapY, w: width - 2 * m, h: legend.y - gap - mapY };
  return { width, height, scale: s, title, date, map, legend, source };
}

/** Where each legend item goes inside the legend region: rows that wrap, each item a swatch
 *  and its label. `measure(text, font)` gives a text width in px. */
export function legendBoxes(items, region, measure) {
  let boxes = legendRows(items, region, region.font, measure);
  // Too many items for the region's rows: smaller type until they fit (never below 10 px).
  for (let size = region.font - 1; size >= 10 && !fits(boxes, region); size -= 1) {
    boxes = legendRows(items, region, size, measure);
  }
  return boxes;
}

function fits(boxes, region) {
  return boxes.every((b) => b.text.y + b.text.h <= region.y + region.h + 0.5);
}

function legendRows(items, region, size, measure) {
  const sw = Math.round(size * 1.2);
  const rowH = Math.round(size * 1.6);
  const boxes = [];
  let x = region.x;
  let y = region.y;
  for (const item of items) {
    const textW = Math.ceil(measure(item.label, size));
    const w = sw + size * 0.4 + textW;
    if (x > region.x && x + w > region.x + region.w) {
      x = region.x;
      y += rowH;
    }
    boxes.push({
      item,
      swatch: { x, y: y + (rowH - sw) / 2, w: sw, h: sw },
      text: { x: x + sw + size * 0.4, y, w: textW, h: rowH, font: size },
    });
    x += w + size * 1.3;
  }
  return boxes;
}

function rgba([r, g, b, a = 255]) {
  return `rgba(${r},${g},${b},${(a / 255).toFixed(3)})`;
}

function measurer() {
  const ctx = document.createElement('canvas').getContext('2d');
  return (text, size, weight = '') => {
    ctx.font = `${weight} ${size}px ${FONT}`;
    return ctx.measureText(text).width;
  };
}

/** A font size at most `region.font` at which the text fits the region's width. */
function fitted(text, region, measure, weight = '') {
  let size = region.font;
  while (size > 8 && measure(text, size, weight) > region.w) size -= 1;
  return size;
}

/** The texts a picture carries, from the instrument's MapSpec and its date. */
export function pictureTexts(data, day) {
  return {
    title: data.title || ATLAS,
    date: `As of ${dayLabel(day)}`,
    source: data.sourceLine || ATLAS,
    legend: data.legend || [],
  };
}

// --------------------------------------------------------------------------- the map at size

function wait(ms) { return new Promise((resolve) => { setTimeout(resolve, ms); }); }

/** An offscreen Deck with the instrument's layers and camera, drawing `width` x `height`
 *  device pixels at `ratio` device pixels per CSS pixel (a 4K picture is the 1080p layout at
 *  ratio 2, so lines, markers and labels keep their proportions). draw(day) resolves to its
 *  canvas once every layer has loaded and drawn. */
export function offscreenMap(instrument, width, height, ratio = 1) {
  const cssW = Math.round(width / ratio);
  const cssH = Math.round(height / ratio);
  const holder = document.createElement('div');
  Object.assign(holder.style, {
    position: 'fixed', left: '-30000px', top: '0', width: `${cssW}px`, height: `${cssH}px`,
    pointerEvents: 'none',
  });
  document.body.appendChild(holder);
  const view = JSON.parse(instrument.mapBox.dataset.view || '{}');
  const box = instrument.mapBox;
  // The picture shows at least what the user sees: scale the zoom by the tighter side.
  const fit = Math.min(Math.log2(cssW / (box.clientWidth || cssW)),
    Math.log2(cssH / (box.clientHeight || cssH)));
  let rendered = 0;
  const deck = new window.deck.Deck({
    parent: holder,
    width: cssW,
    height: cssH,
    views: [new window.deck.MapView({ repeat: true })],
    viewState: { ...view, zoom: view.zoom + fit, pitch: 0, bearing: 0 },
    controller: false,
    layers: [],
    useDevicePixels: ratio,
    deviceProps: { webgl: { preserveDrawingBuffer: true } },
    onAfterRender: () => { rendered += 1; },
  });
  const canvasOf = () => (deck.getCanvas ? deck.getCanvas() : deck.canvas);
  return {
    async draw(day) {
      const keep = box.dataset.shown;
      const layers = instrument.layersFor(day).map((layer) => layer.clone({}));
      box.dataset.shown = keep; // layersFor records what the live map shows: not this day
      deck.setProps({ layers });
      const start = performance.now();
      let settled = 0;
      for (;;) {
        await wait(50);
        const manager = deck.layerManager;
        const loaded = deck.isInitialized && manager && manager.getLayers().length > 0
          && manager.getLayers().every((layer) => layer.isLoaded);
        settled = loaded ? settled + 1 : 0;
        // Loaded on two polls in a row and drawn at least once: then draw now, on purpose.
        if (settled >= 2 && rendered > 0) break;
        if (performance.now() - start > 60000) {
          const state = manager ? manager.getLayers().filter((l) => !l.isLoaded).map((l) => l.id) : [];
          throw new Error(`the map did not finish drawing (initialized: ${deck.isInitialized}, `
            + `frames: ${rendered}, still loading: ${state.join(', ') || 'none'})`);
        }
      }
      deck.redraw('picture');
      const canvas = canvasOf();
      if (Math.abs(canvas.width - width) > 2 || Math.abs(canvas.height - height) > 2) {
        throw new Error(`the map drew ${canvas.width}×${canvas.height}, not ${width}×${height}`);
      }
      return canvas;
    },
    finalize() {
      const canvas = canvasOf();
      deck.finalize();
      const gl = canvas && canvas.getContext('webgl2');
      const lose = gl && gl.getExtension('WEBGL_lose_context');
      if (lose) lose.loseContext(); // give the WebGL context back now, not at garbage collection
      holder.remove();
    },
  };
}

// ---------------------------------------------------------------------------- composing

function drawSwatch(ctx, box) {
  const { item, swatch: r } = box;
  const fill = rgba(item.rgba);
  const edge = item.edge ? rgba(item.edge) : null;
  const cx = r.x + r.w / 2;
  const cy = r.y + r.h / 2;
  ctx.save();
  if (item.shape === 'line') {
    ctx.lineCap = 'round';
    if (edge) { ctx.strokeStyle = edge; ctx.lineWidth = r.h * 0.5; line(ctx, r, cy); }
    ctx.strokeStyle = fill; ctx.lineWidth = r.h * 0.28; line(ctx, r, cy);
  } else if (item.shape === 'ring' || item.shape === 'small-ring') {
    const radius = (item.shape === 'ring' ? 0.4 : 0.3) * r.w;
    if (edge) { ctx.strokeStyle = edge; ctx.lineWidth = r.w * 0.3; circle(ctx, cx, cy, radius); }
    ctx.strokeStyle = fill; ctx.lineWidth = r.w * 0.16; circle(ctx, cx, cy, radius);
  } else if (item.shape === 'dot') {
    ctx.beginPath(); ctx.arc(cx, cy, r.w * 0.42, 0, 2 * Math.PI);
    ctx.fillStyle = fill; ctx.fill();
    if (edge) { ctx.strokeStyle = edge; ctx.lineWidth = r.w * 0.12; ctx.stroke(); }
  } else if (item.shape === 'outline') {
    if (edge) { ctx.strokeStyle = edge; ctx.lineWidth = r.w * 0.3; ctx.strokeRect(r.x, r.y, r.w, r.h); }
    ctx.strokeStyle = fill; ctx.lineWidth = r.w * 0.16; ctx.strokeRect(r.x, r.y, r.w, r.h);
  } else {
    ctx.fillStyle = fill; ctx.fillRect(r.x, r.y, r.w, r.h);
    ctx.strokeStyle = 'rgba(17,17,17,.5)'; ctx.lineWidth = 1; ctx.strokeRect(r.x, r.y, r.w, r.h);
  }
  ctx.restore();
}

function line(ctx, r, y) {
  const inset = r.h * 0.3; // round caps stay inside the swatch
  ctx.beginPath(); ctx.moveTo(r.x + inset, y); ctx.lineTo(r.x + r.w - inset, y); ctx.stroke();
}
function circle(ctx, x, y, radius) { ctx.beginPath(); ctx.arc(x, y, radius, 0, 2 * Math.PI); ctx.stroke(); }

/** Draw one picture (map canvas + texts) on a 2D canvas of the layout's size. */
export function composeCanvas(layout, texts, mapCanvas, ocean) {
  const canvas = document.createElement('canvas');
  canvas.width = layout.width;
  canvas.height = layout.height;
  const ctx = canvas.getContext('2d');
  const measure = measurer();
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, layout.width, layout.height);
  const { map } = layout;
  ctx.fillStyle = ocean ? rgba(ocean) : '#e2ecf3';
  ctx.fillRect(map.x, map.y, map.w, map.h);
  ctx.drawImage(mapCanvas, map.x, map.y, map.w, map.h);
  ctx.strokeStyle = INK;
  ctx.lineWidth = Math.max(1, 2 * layout.scale);
  ctx.strokeRect(map.x, map.y, map.w, map.h);
  ctx.fillStyle = INK;
  ctx.textBaseline = 'middle';
  const put = (text, region, weight, align = 'left') => {
    const size = fitted(text, region, measure, weight);
    ctx.font = `${weight} ${size}px ${FONT}`;
    ctx.textAlign = align;
    const x = align === 'right' ? region.x + region.w : region.x;
    ctx.fillText(text, x, region.y + region.h / 2);
    return size;
  };
  const sizes = {
    title: put(texts.title, layout.title, 'bold'),
    date: put(texts.date, layout.date, 'bold', 'right'),
    source: put(texts.source, layout.source, ''),
  };
  ctx.textAlign = 'left';
  const boxes = legendBoxes(texts.legend, layout.legend, (t, s) => measure(t, s));
  for (const box of boxes) {
    drawSwatch(ctx, box);
    ctx.fillStyle = INK;
    ctx.font = `${box.text.font}px ${FONT}`;
    ctx.fillText(box.item.label, box.text.x, box.text.y + box.text.h / 2);
  }
  return { canvas, boxes, sizes };
}

/** The same picture as SVG: real <text> for every word, the map as an embedded PNG image. */
export function composeSvg(layout, texts, mapDataUrl, sizes, boxes) {
  const NS = 'http://www.w3.org/2000/svg';
  const doc = document.implementation.createDocument(NS, 'svg', null);
  const svg = doc.documentElement;
  const set = (node, attrs) => {
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    return node;
  };
  const add = (tag, attrs, parent = svg) => parent.appendChild(set(doc.createElementNS(NS, tag), attrs));
  set(svg, { width: layout.width, height: layout.height,
    viewBox: `0 0 ${layout.width} ${layout.height}`, 'font-family': FONT.replaceAll('"', "'") });
  add('rect', { x: 0, y: 0, width: layout.width, height: layout.height, fill: '#ffffff' });
  const { map } = layout;
  add('image', { x: map.x, y: map.y, width: map.w, height: map.h, href: mapDataUrl,
    preserveAspectRatio: 'none' });
  add('rect', { x: map.x, y: map.y, width: map.w, height: map.h, fill: 'none', stroke: INK,
    'stroke-width': Math.max(1, 2 * layout.scale) });
  const text = (value, region, size, weight, anchor = 'start') => {
    const x = anchor === 'end' ? region.x + region.w : region.x;
    const node = add('text', { x, y: region.y + region.h / 2, 'font-size': size,
      'font-weight': weight || 'normal', 'text-anchor': anchor, 'dominant-baseline': 'middle',
      fill: INK });
    node.textContent = value;
  };
  text(texts.title, layout.title, sizes.title, 'bold');
  text(texts.date, layout.date, sizes.date, 'bold', 'end');
  text(texts.source, layout.source, sizes.source, '');
  for (const box of boxes) {
    const { item, swatch: r } = box;
    const fill = rgba(item.rgba);
    const edge = item.edge ? rgba(item.edge) : 'none';
    if (item.shape === 'line') {
      add('line', { x1: r.x, y1: r.y + r.h / 2, x2: r.x + r.w, y2: r.y + r.h / 2, stroke: fill,
        'stroke-width': r.h * 0.3 });
    } else if (['ring', 'small-ring', 'dot'].includes(item.shape)) {
      const dot = item.shape === 'dot';
      add('circle', { cx: r.x + r.w / 2, cy: r.y + r.h / 2, r: r.w * (dot ? 0.42 : 0.4),
        fill: dot ? fill : 'none', stroke: dot ? edge : fill, 'stroke-width': r.w * 0.16 });
    } else if (item.shape === 'outline') {
      add('rect', { x: r.x, y: r.y, width: r.w, height: r.h, fill: 'none', stroke: fill,
        'stroke-width': r.w * 0.16 });
    } else {
      add('rect', { x: r.x, y: r.y, width: r.w, height: r.h, fill, stroke: 'rgba(17,17,17,.5)' });
    }
    text(item.label, box.text, box.text.font, '');
  }
  return new XMLSerializer().serializeToString(doc);
}

// ---------------------------------------------------------------------------- the control

function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

const FORMATS = [
  ['png-1920', 'PNG 1920×1080', 1920, 1080, 'png'],
  ['png-3840', 'PNG 3840×2160', 3840, 2160, 'png'],
  ['svg-1920', 'SVG 1920×1080', 1920, 1080, 'svg'],
];

/** One picture of the instrument's map at its current date: {blob, name, layout, boxes}. */
export async function makePicture(instrument, width, height, kind) {
  const layout = pictureLayout(width, height);
  const texts = pictureTexts(instrument.data, instrument.day);
  const renderer = offscreenMap(instrument, layout.map.w, layout.map.h, layout.scale);
  try {
    const mapCanvas = await renderer.draw(instrument.day);
    const { canvas, boxes, sizes } = composeCanvas(layout, texts, mapCanvas, instrument.data.ocean);
    const stem = `apac-map-${(instrument.mapBox.dataset.day || 'date')}`;
    let blob;
    if (kind === 'svg') {
      const svg = composeSvg(layout, texts, mapCanvas.toDataURL('image/png'), sizes, boxes);
      blob = new Blob([svg], { type: 'image/svg+xml' });
    } else {
      blob = await new Promise((resolve) => { canvas.toBlob(resolve, 'image/png'); });
    }
    const name = `${stem}-${width}x${height}.${kind}`;
    return { blob, name, layout, boxes: boxes.map((b) => ({ label: b.item.label, ...b.text })) };
  } finally {
    renderer.finalize();
  }
}

const CONTROL_STYLE = `
.apac-picture { position: absolute; right: 10px; top: 8px; z-index: 2; font: inherit;
  font-size: 15px; padding: 4px 8px; min-height: 34px; border: 2px solid #111;
  border-radius: 6px; background: rgba(255,255,255,.94); color: #111; cursor: pointer; }
.apac-picture:focus-visible { outline: 3px solid #0b4f8a; outline-offset: 2px; }
/* A phone's map is too narrow for the date badge and the menu side by side: the menu goes under. */
@media (max-width: 640px) { .apac-picture { top: 56px; } }
`;

/** The "Picture" menu over the map's top-right corner (the time bar has no room left at
 *  laptop widths); `parent` is the instrument's box, not the map (whose role is img). Choose a
 *  format and the file downloads. */
export function attachPictureControl(instrument, parent) {
  const style = document.createElement('style');
  style.textContent = CONTROL_STYLE;
  (instrument.root.appendChild ? instrument.root : document.head).appendChild(style);
  const select = document.createElement('select');
  select.className = 'apac-picture';
  select.setAttribute('aria-label', 'Download a picture of the map');
  select.title = 'Download a picture of the map (title, date, legend, sources)';
  const first = document.createElement('option');
  first.value = '';
  first.textContent = '⤓ Picture…';
  select.appendChild(first);
  for (const [value, label] of FORMATS) {
    const option = document.createElement('option');
    option.value = value;
    option.textContent = label;
    select.appendChild(option);
  }
  parent.style.position = 'relative';
  parent.appendChild(select);
  select.onchange = async () => {
    const format = FORMATS.find(([value]) => value === select.value);
    if (!format) return;
    const [, , width, height, kind] = format;
    select.disabled = true;
    instrument.mapBox.dataset.picture = 'busy';
    try {
      const picture = await makePicture(instrument, width, height, kind);
      // The layout the picture was drawn with, for the browser tests to read.
      instrument.mapBox.dataset.picture = JSON.stringify({
        name: picture.name, layout: picture.layout, legend: picture.boxes,
      });
      save(picture.blob, picture.name);
    } catch (error) {
      instrument.mapBox.dataset.picture = `error: ${error.message}`;
      console.error(error);
    } finally {
      select.value = '';
      select.disabled = false;
    }
  };
  return select;
}

// ---------------------------------------------------------------------------------- video

let lastVideo = null;

/** A video request from Python ({id, days, width, height}): compose one JPEG frame per day
 *  with the same layout and send them back ({id, frames}) through `send`. Once per id. */
export async function renderVideo(instrument, request, send) {
  if (!request || !request.id || request.id === lastVideo) return;
  lastVideo = request.id;
  const box = instrument.mapBox;
  box.dataset.video = 'rendering';
  const layout = pictureLayout(request.width, request.height);
  const renderer = offscreenMap(instrument, layout.map.w, layout.map.h, layout.scale);
  try {
    const frames = [];
    for (const iso of request.days) {
      const day = isoToDay(iso);
      const mapCanvas = await renderer.draw(day);
      const texts = pictureTexts(instrument.data, day);
      const { canvas } = composeCanvas(layout, texts, mapCanvas, instrument.data.ocean);
      frames.push(canvas.toDataURL('image/jpeg', 0.9));
    }
    send({ id: request.id, frames });
    box.dataset.video = `sent ${frames.length}`;
  } catch (error) {
    box.dataset.video = `error: ${error.message}`;
    send({ id: request.id, frames: [], error: error.message });
  } finally {
    renderer.finalize();
  }
}
