// The atlas's instrument: the map (deck.gl) with its time control and legend, and the timeline
// (Vega via vega-embed), drawn in the browser from specs the Python side builds with pydeck and
// Altair (apac/instrument.py). Time moves here: scrubbing, Play and the arrow keys recolour the
// map, filter the markers and move the timeline's rule with no server round trip; the server is
// told the settled date once the user stops. One module serves three hosts: the Streamlit
// component (mount), the Briefing page and the exported offline files (renderStandalone).
//
// Untrusted text (names, notes, sources) only ever reaches the page through textContent.

import {
  dayLabel, dayToIso, dayToMonth, isoToDay, monthEndDay, monthParam, MONTHS, shownOn, stepAt,
} from './dates.js';
import { animateDay } from './tween.js';
import { attachPictureControl, renderVideo } from './picture.js';

// ------------------------------------------------------------------------------ vendor libraries

const VENDOR = [
  ['deck', 'deck.gl/dist.min.js'],
  ['deck.JSONConverter', '@deck.gl__json/dist.min.js'],
  ['vega', 'vega/vega.min.js'],
  ['vegaLite', 'vega-lite/vega-lite.min.js'],
  ['vegaEmbed', 'vega-embed/vega-embed.min.js'],
];
let vendorReady = null;

function defined(path) {
  return path.split('.').reduce((obj, key) => (obj ? obj[key] : undefined), window) !== undefined;
}

function loadScript(url) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = url;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`could not load ${url}`));
    document.head.appendChild(script);
  });
}

/** Load deck.gl, its JSON converter, Vega, Vega-Lite and vega-embed once per page. */
export function loadVendor() {
  if (!vendorReady) {
    const base = new URL('../vendor/', import.meta.url);
    vendorReady = (async () => {
      for (const [global, file] of VENDOR) {
        if (!defined(global)) await loadScript(new URL(file, base).href);
      }
    })();
  }
  return vendorReady;
}

// ---------------------------------------------------------------------- the page's moving date

/** How long after the last step or key the date counts as settled (and the server is told). */
const SETTLE_MS = 1000;
const dayListeners = new Set();
let currentDay = null;

export const bus = {
  get day() { return currentDay; },
  setDay(day) {
    if (day === currentDay) return;
    currentDay = day;
    for (const listener of dayListeners) listener(day);
  },
  subscribe(listener) {
    dayListeners.add(listener);
    return () => dayListeners.delete(listener);
  },
};

// ----------------------------------------------------------------------------------- styles

const STYLE = `
:host, .apac-inst { font-family: var(--st-font, "Source Sans Pro", sans-serif); color: #111; }
.apac-inst { display: flex; flex-direction: column; gap: 6px; }
.apac-map { position: relative; width: 100%; border-radius: 8px; overflow: hidden;
  background: #e2ecf3; min-height: 220px; }
.apac-map canvas:focus-visible, .apac-map:focus-visible { outline: 3px solid #111; }
.apac-map > canvas { position: absolute; left: 0; top: 0; }
.apac-tip { position: absolute; z-index: 3; pointer-events: none; display: none; max-width: 320px;
  background: #1b1b1b; color: #fff; padding: 8px; border-radius: 4px; font-size: 15px;
  white-space: pre-line; line-height: 1.3; }
.apac-when { position: absolute; left: 10px; top: 8px; z-index: 2; background: rgba(255,255,255,.92);
  border: 2px solid #111; border-radius: 6px; padding: 2px 10px; font-weight: 700;
  font-size: var(--apac-when-size, 20px); pointer-events: none; }
.apac-time { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
.apac-time button, .apac-time select { font: inherit; font-size: 15px; padding: 4px 10px;
  border: 1px solid #555; border-radius: 6px; background: #fff; color: #111; cursor: pointer;
  min-height: 34px; }
.apac-time button:focus-visible, .apac-time select:focus-visible, .apac-time input:focus-visible {
  outline: 3px solid #0b4f8a; outline-offset: 2px; }
.apac-time input[type=range] { flex: 1 1 220px; min-width: 160px; accent-color: #0b4f8a;
  height: 28px; }
.apac-time output { font-weight: 700; min-width: 10.5em; font-size: 15px; }
.apac-legend { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: var(--apac-legend-size, 14px);
  line-height: 1.2; }
.apac-legend span.item { display: inline-flex; align-items: center; gap: 6px; }
.apac-legend i { display: inline-block; width: 18px; height: 14px; border-radius: 2px;
  box-sizing: border-box; }
.apac-legend i.circle, .apac-legend i.ring { border-radius: 50%; width: 14px; }
.apac-legend i.line { height: 5px; border-radius: 3px; }
.apac-timeline { width: 100%; position: relative; }
.apac-rule { position: absolute; left: 0; top: 0; width: 0; pointer-events: none; display: none;
  border-left: 2.5px dashed #111; will-change: transform; z-index: 2; }
.apac-rule span { position: absolute; left: 6px; top: -2px; white-space: nowrap; font-size: 13px;
  font-weight: 700; background: rgba(255,255,255,.85); padding: 0 4px; border-radius: 3px; }
.apac-rule.flip span { left: auto; right: 8px; }
.apac-error { color: #8a1c1c; font-weight: 700; padding: 8px; }
`;

function addStyle(root) {
  if (root.querySelector && root.querySelector('style[data-apac]')) return;
  const style = document.createElement('style');
  style.dataset.apac = '1';
  style.textContent = STYLE;
  (root.appendChild ? root : document.head).appendChild(style);
}

function el(tag, className, parent) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (parent) parent.appendChild(node);
  return node;
}

function css(rgba) {
  const [r, g, b, a = 255] = rgba;
  return `rgba(${r},${g},${b},${(a / 255).toFixed(3)})`;
}

/** A tooltip template ("{name}\n{tip}") filled with an object's values, as plain text. */
export function fillTemplate(template, object) {
  return template.replace(/\{(\w+)\}/g, (_, key) => {
    const value = object?.[key] ?? object?.properties?.[key];
    return value == null ? '' : String(value);
  });
}

// --------------------------------------------------------------------------------- the map

let converter = null;

function deckConverter() {
  if (!converter) {
    const classes = {};
    for (const [name, value] of Object.entries(window.deck)) {
      if (typeof value === 'function' && /(Layer|View|Extension|Interpolator)$/.test(name)) {
        classes[name] = value;
      }
    }
    converter = new window.deck.JSONConverter({ configuration: { classes } });
  }
  return converter;
}

/** What a picked object is: {layer, id} (ids as the Python side knows them). */
function pickedRef(info) {
  if (!info || !info.object || !info.layer) return null;
  const object = info.object;
  const props = object.properties || {};
  const id = object.id ?? props.adm0_a3 ?? props.dispute_id ?? props.chokepoint_id ?? null;
  return id == null ? null : { layer: info.layer.id, id: String(id) };
}

/** A layer drawn from a date field: events (asOfField) or infrastructure (inServiceField). */
function dated(layer) {
  return Boolean((layer.props.asOfField || layer.props.inServiceField)
    && Array.isArray(layer.props.data));
}

/** The map is three stacked canvases on one camera, each a deck.gl Deck: 0 the land (ocean and
 *  countries, recoloured at every step), 1 the fixed overlays (disputed areas, outlines,
 *  chokepoints, dispute markers and labels), 2 the dated markers and everything Python draws
 *  after them (the selection rings). deck.gl redraws every layer of a canvas when one changes,
 *  and in software WebGL a layer costs its draw even when nothing about it moved (the two
 *  outline layers alone cost about as much as the countries), so a month step redraws only
 *  the land and, when the markers shown change, the top. Returns each layer's tier, in order. */
export function tiersOf(layers) {
  let lastDated = -1;
  layers.forEach((layer, i) => { if (dated(layer)) lastDated = i; });
  return layers.map((layer, i) => {
    if (layer.id === 'ocean' || layer.id === 'countries') return 0;
    return dated(layer) || (lastDated >= 0 && i > lastDated) ? 2 : 1;
  });
}
const TIERS = 3;

class MapInstrument {
  constructor(root, host) {
    this.host = host; // {settle(dateParam), select(ref), camera(view)} — the page's callbacks
    this.root = root;
    addStyle(root);
    this.box = el('div', 'apac-inst', root);
    this.mapBox = el('div', 'apac-map', this.box);
    this.mapBox.setAttribute('role', 'img');
    this.when = el('div', 'apac-when', this.mapBox);
    this.tip = el('div', 'apac-tip', this.mapBox);
    this.picture = attachPictureControl(this, this.box); // picture.js: PNG / SVG downloads
    this.time = el('div', 'apac-time', this.box);
    this.play = el('button', 'apac-play', this.time);
    this.play.type = 'button';
    this.speed = el('select', 'apac-speed', this.time);
    this.speed.setAttribute('aria-label', 'Play speed');
    for (const [value, label] of [['1', '1× (a year in 4 s)'], ['2', '2×'], ['4', '4×']]) {
      const option = el('option', '', this.speed);
      option.value = value;
      option.textContent = label;
    }
    this.slider = el('input', 'apac-slider', this.time);
    Object.assign(this.slider, { type: 'range', min: '0', max: String(MONTHS - 1), step: '1' });
    this.slider.setAttribute('aria-label', 'Map date, month by month (arrow keys step a month)');
    this.output = el('output', 'apac-date', this.time);
    this.output.setAttribute('aria-live', 'polite');
    this.legend = el('div', 'apac-legend', this.box);
    this.legend.setAttribute('aria-label', 'Map legend');

    this.deck = null; // the top canvas's Deck: camera, controller and the page's events
    this.decks = []; // bottom to top (tiersOf)
    this.tierLayers = [];
    this.frames = 0;
    this.layersById = new Map();
    this.playing = false;
    this.settleTimer = null;
    this.lastSent = null;
    this.viewKey = null;
    this.deckKey = null;
    this.day = null;

    this.play.onclick = () => this.togglePlay();
    // The server hears the date once the user stops: a second after the last step or key.
    this.slider.oninput = () => {
      this.stop(false);
      this.moveTo(monthEndDay(Number(this.slider.value)), true);
      this.scheduleSettle(SETTLE_MS);
    };
    this.slider.onchange = () => this.scheduleSettle(SETTLE_MS);
    this.unsubscribe = bus.subscribe((day) => {
      if (day !== this.day) this.moveTo(day, false);
    });
  }

  update(data) {
    this.data = data;
    this.mapBox.style.height = data.height || '520px';
    if (data.ocean) this.mapBox.style.background = css(data.ocean);
    this.mapBox.setAttribute('aria-label', data.alt || 'Map');
    this.box.style.setProperty('--apac-when-size', data.whenSize || '20px');
    this.time.style.display = data.timeControl === false ? 'none' : '';
    this.picture.style.display = this.time.style.display;
    this.window = data.window || [1989, 2013];
    this.colours = data.colours || null;
    this.renderLegend(data.legend || []);
    const settled = isoToDay(data.date);
    // The server's date wins unless it is the echo of an older settle while the user moved on.
    const echo = this.lastSent !== null && data.dateParam === this.lastSent;
    if (this.cancelTween) this.cancelTween();
    // With animateMs (the Briefing) a new date is reached by walking the months from the old.
    const tweenFrom = data.animateMs && this.day !== null && this.day !== settled
      && !this.playing && !echo ? this.day : null;
    if (this.day === null || (!this.playing && !echo) || (echo && this.day === settled)) {
      this.day = settled;
      this.slider.value = String(dayToMonth(settled));
    }
    if (tweenFrom !== null) {
      this.day = tweenFrom;
      this.cancelTween = animateDay(tweenFrom, settled, data.animateMs, (day) => {
        this.moveTo(day, true);
      });
    }
    if (echo) this.lastSent = null;
    this.buildDeck(data);
    bus.setDay(this.day);
    this.refresh();
    if (data.video && this.host.frames) renderVideo(this, data.video, this.host.frames);
  }

  buildDeck(data) {
    const key = JSON.stringify(data.deck.layers) + JSON.stringify(data.colours?.steps || null);
    // A rerun that changed only the date keeps the converted layers (and their attributes).
    if (key !== this.deckKey) {
      const props = deckConverter().convert({ ...data.deck, initialViewState: undefined });
      this.layersById = new Map((props.layers || []).map((layer) => [layer.id, layer]));
    }
    this.template = data.tooltip || '{name}\n{tip}';
    // A named view's zoom is set for a map about `referenceWidth` px wide: scale it to this one.
    const python = data.deck.initialViewState;
    const fit = this.widthFit(); // the camera a link carries is zoom minus this (cameraMoved)
    const view = { ...python, zoom: Math.max(python.minZoom ?? 0, python.zoom + fit) };
    const viewKey = JSON.stringify(python);
    if (!this.deck) {
      const common = {
        parent: this.mapBox,
        width: '100%',
        height: '100%',
        // The data sit in a Pacific-centred 0..350 degree frame; deck.gl normalises a camera
        // east of 180 degrees to negative longitudes, so the world's copies must be drawn.
        views: [new window.deck.MapView({ repeat: true })],
        layers: [],
        useDevicePixels: data.devicePixels ?? true,
        // Keep the last frame readable: pictures of the map and pixel checks read the canvas.
        deviceProps: { webgl: { preserveDrawingBuffer: true } },
        // A frame counter the benchmark and the tests read (data-frames): once per animation
        // frame in which any of the canvases drew.
        onAfterRender: () => this.countFrame(),
      };
      // The lower canvases follow the top one's camera and take no events (tiersOf).
      for (let tier = 0; tier < TIERS - 1; tier += 1) {
        this.decks.push(new window.deck.Deck({
          ...common,
          id: `apac-tier-${tier}`,
          viewState: view,
          controller: false,
          style: { pointerEvents: 'none' },
        }));
      }
      this.deck = new window.deck.Deck({
        ...common,
        id: 'apac-tier-top',
        initialViewState: view,
        controller: { scrollZoom: data.scrollZoom !== false, dragRotate: false },
        onViewStateChange: ({ viewState, interactionState }) => {
          this.followCamera(viewState);
          this.showView(viewState);
          const user = interactionState && (interactionState.isDragging
            || interactionState.isPanning || interactionState.isZooming);
          // A wheel zoom goes on as a transition: follow it to where it ends.
          if (user) this.userMoving = true;
          if (this.userMoving) this.cameraMoved(viewState);
        },
        getCursor: ({ isDragging }) => (isDragging ? 'grabbing' : 'pointer'),
      });
      this.decks.push(this.deck);
      this.attachPicking();
      this.showView(view);
      this.mapBox.deck = this.deck; // for the browser tests' and a reader's devtools
      this.mapBox.instrument = this; // likewise (the benchmark profiles a step through it)
    } else if (viewKey !== this.viewKey) {
      this.userMoving = false; // the page moves the map: not the user's camera
      clearTimeout(this.cameraTimer);
      this.deck.setProps({
        initialViewState: {
          ...view,
          transitionDuration: 700,
          transitionInterpolator: new window.deck.FlyToInterpolator(),
        },
      });
    }
    this.viewKey = viewKey;
    this.deckKey = key;
  }

  /** The lower canvases take the top one's camera and draw it now, in the same frame. */
  followCamera(viewState) {
    for (const deck of this.decks) {
      if (deck === this.deck) continue;
      deck.setProps({ viewState });
      if (deck.isInitialized) deck.redraw('camera');
    }
  }

  countFrame() {
    if (this.frameCounted) return;
    this.frameCounted = true;
    this.mapBox.dataset.frames = String(++this.frames);
    requestAnimationFrame(() => { this.frameCounted = false; });
  }

  /** The topmost object under a point, canvas by canvas from the top. */
  pickAt(x, y) {
    for (let tier = this.decks.length - 1; tier >= 0; tier -= 1) {
      const info = this.decks[tier].pickObject({ x, y, radius: 4 });
      if (info && info.object) return info;
    }
    return null;
  }

  /** log2(map width / referenceWidth): what a named view's (or a link's) zoom gains here. */
  widthFit() {
    const reference = this.data?.referenceWidth || 900;
    this.fit = Math.log2((this.mapBox.clientWidth || reference) / reference);
    return this.fit;
  }

  /** The camera as data-view (read by the browser tests to project points), with the fit
   * (log2 of map width over referenceWidth) the zoom includes. */
  showView({ longitude, latitude, zoom }) {
    this.mapBox.dataset.view = JSON.stringify({ longitude, latitude, zoom, fit: this.fit ?? 0 });
  }

  /** The user moved the map: tell the page, zoom minus the fit, so a link made from it opens
   * the same framing in a window of any width (the map adds its own fit back). */
  cameraMoved(viewState) {
    clearTimeout(this.cameraTimer);
    this.cameraTimer = setTimeout(() => {
      this.userMoving = false;
      const { longitude, latitude, zoom } = viewState;
      const fitFree = zoom - this.widthFit(); // the width now (the window may have changed)
      if (this.host.camera) this.host.camera({ longitude, latitude, zoom: fitFree });
    }, 600);
  }

  attachPicking() {
    const canvas = this.mapBox;
    let down = null;
    canvas.addEventListener('pointerdown', (event) => {
      down = { x: event.clientX, y: event.clientY, t: performance.now() };
    });
    canvas.addEventListener('pointerup', (event) => {
      if (!down) return;
      const moved = Math.hypot(event.clientX - down.x, event.clientY - down.y);
      down = null;
      if (moved > 6) return; // a drag pans the map
      const rect = canvas.getBoundingClientRect();
      const info = this.pickAt(event.clientX - rect.left, event.clientY - rect.top);
      const ref = pickedRef(info);
      if (this.host.select) this.host.select(ref);
    });
    // At most one pick per 90 ms while the pointer moves, always at its latest position: the
    // tooltip names what the pointer rests on, not where it was when the burst began.
    let pending = false;
    let at = null;
    canvas.addEventListener('pointermove', (event) => {
      if (event.buttons) return;
      const rect = canvas.getBoundingClientRect();
      at = { x: event.clientX - rect.left, y: event.clientY - rect.top };
      if (pending) return;
      pending = true;
      setTimeout(() => {
        pending = false;
        const { x, y } = at;
        this.showTip(this.pickAt(x, y), x, y);
      }, 90);
    });
    canvas.addEventListener('pointerleave', () => { this.tip.style.display = 'none'; });
  }

  showTip(info, x, y) {
    if (!info || !info.object) {
      this.tip.style.display = 'none';
      return;
    }
    this.tip.textContent = fillTemplate(this.template, info.object).trim();
    this.tip.style.display = this.tip.textContent ? 'block' : 'none';
    const width = this.mapBox.clientWidth;
    this.tip.style.left = `${Math.min(x + 14, width - 330)}px`;
    this.tip.style.top = `${y + 14}px`;
  }

  /** [tier, layer] for the current day: country colours by date, markers filtered by date. */
  tieredLayers(day) {
    const out = [];
    const shown = {};
    const colours = this.colours;
    for (const layer of this.layersById.values()) {
      if (layer.id === 'countries' && colours) {
        const palette = colours.palette;
        const base = palette[colours.base];
        const steps = colours.steps;
        out.push(layer.clone({
          getFillColor: (f) => {
            const featureSteps = steps[f.properties.i];
            return featureSteps ? palette[stepAt(featureSteps, day, colours.base)] : base;
          },
          updateTriggers: { getFillColor: [day, this.deckKey] },
        }));
      } else if (dated(layer)) {
        // Events (asOfField) show from their day within the window; infrastructure
        // (inServiceField) from the day it opened. pydeck writes the field as an accessor
        // expression ("@@=day"): a function here.
        const field = layer.props.asOfField || layer.props.inServiceField;
        const dayOf = typeof field === 'function' ? field : (d) => d[field];
        const window = this.window;
        const events = Boolean(layer.props.asOfField);
        if (!layer.__all) layer.__all = layer.props.data;
        const data = layer.__all.filter(
          (d) => (events ? shownOn(dayOf(d), day, window) : dayOf(d) <= day),
        );
        shown[layer.id] = data.length;
        // Most month steps show the same markers: keep that clone, so deck.gl neither rebuilds
        // the layer's attributes nor re-uploads its buffers.
        const same = layer.__shown && layer.__shown.length === data.length
          && data.every((d, i) => d === layer.__shown[i]);
        if (!same) {
          layer.__shown = data;
          layer.__clone = layer.clone({ data });
        }
        out.push(layer.__clone);
      } else {
        out.push(layer);
      }
    }
    this.mapBox.dataset.shown = JSON.stringify(shown); // markers drawn per dated layer
    // Bottom to top as the canvases stack (a picture of the map draws them in this order).
    const tiers = tiersOf(out);
    return out.map((layer, i) => [tiers[i], i, layer])
      .sort((a, b) => a[0] - b[0] || a[1] - b[1])
      .map(([tier, , layer]) => [tier, layer]);
  }

  /** The layers for the current day, bottom to top as the canvases stack. */
  layersFor(day) {
    return this.tieredLayers(day).map(([, layer]) => layer);
  }

  moveTo(day, fromUser) {
    this.day = day;
    if (fromUser) bus.setDay(day);
    this.refresh();
  }

  refresh() {
    if (!this.deck) return;
    const tiered = this.tieredLayers(this.day);
    // Each canvas is handed its layers only when they changed, so the others keep their frame.
    for (let tier = 0; tier < this.decks.length; tier += 1) {
      const mine = tiered.filter(([t]) => t === tier).map(([, layer]) => layer);
      const before = this.tierLayers[tier] || [];
      const same = mine.length === before.length && mine.every((layer, i) => layer === before[i]);
      if (!same) this.decks[tier].setProps({ layers: mine });
      this.tierLayers[tier] = mine;
    }
    const label = `As of ${dayLabel(this.day)}`;
    this.when.textContent = label;
    this.mapBox.dataset.day = dayToIso(this.day);
    this.output.textContent = label;
    this.play.textContent = this.playing ? '⏸ Pause' : '▶ Play';
    this.play.setAttribute('aria-pressed', this.playing ? 'true' : 'false');
  }

  scheduleSettle(delay) {
    clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => this.settle(), delay);
  }

  settle() {
    if (this.playing) return;
    const param = monthParam(dayToMonth(this.day));
    const exact = this.data && isoToDay(this.data.date) === this.day;
    if (exact || !this.host.settle) return;
    this.lastSent = param;
    this.host.settle(param);
  }

  togglePlay() {
    if (this.playing) {
      this.stop(true);
      return;
    }
    let month = Number(this.slider.value);
    if (month >= MONTHS - 1) month = 0;
    this.playing = true;
    let last = performance.now();
    let carry = 0;
    const step = (now) => {
      if (!this.playing) return;
      const perSecond = 3 * Number(this.speed.value || '1'); // months a second
      carry += ((now - last) / 1000) * perSecond;
      last = now;
      if (carry >= 1) {
        month = Math.min(MONTHS - 1, month + Math.floor(carry));
        carry -= Math.floor(carry);
        this.slider.value = String(month);
        this.moveTo(monthEndDay(month), true);
        if (month >= MONTHS - 1) {
          this.stop(true);
          return;
        }
      }
      this.frame = requestAnimationFrame(step);
    };
    this.moveTo(monthEndDay(month), true);
    this.slider.value = String(month);
    this.frame = requestAnimationFrame(step);
  }

  stop(settle) {
    const was = this.playing;
    this.playing = false;
    cancelAnimationFrame(this.frame);
    if (!was) return; // a scrub step stops nothing: its moveTo draws the new day once
    this.refresh(); // the Play button's label
    if (settle) this.scheduleSettle(0);
  }

  /** Legend items as apac.layers.legend_items gives them: {label, rgba, description, shape,
   *  edge}; each swatch uses exactly the colours the map draws. */
  renderLegend(items) {
    this.legend.replaceChildren();
    for (const item of items) {
      const span = el('span', 'item', this.legend);
      const swatch = el('i', '', span);
      swatch.setAttribute('aria-hidden', 'true');
      const fill = css(item.rgba);
      const edge = item.edge ? css(item.edge) : 'transparent';
      if (item.shape === 'line') {
        swatch.className = 'line';
        swatch.style.background = `linear-gradient(${edge} 0 30%, ${fill} 30% 70%, ${edge} 70%)`;
        swatch.style.height = '8px';
      } else if (item.shape === 'ring' || item.shape === 'small-ring') {
        swatch.className = 'ring';
        swatch.style.border = `3px solid ${fill}`;
        swatch.style.boxShadow = `0 0 0 2px ${edge}`;
        if (item.shape === 'small-ring') swatch.style.transform = 'scale(0.7)';
      } else if (item.shape === 'dot') {
        swatch.className = 'circle';
        swatch.style.background = fill;
        swatch.style.border = `2px solid ${edge}`;
      } else if (item.shape === 'outline') {
        swatch.style.border = `3px solid ${fill}`;
        swatch.style.boxShadow = `0 0 0 2px ${edge}`;
      } else {
        swatch.style.background = fill;
      }
      // Compact for one screen: the label shows, the description is its tooltip.
      const text = el('span', '', span);
      text.textContent = item.label;
      if (item.description) span.title = `${item.label}: ${item.description}`;
    }
  }

  destroy() {
    this.stop(false);
    if (this.cancelTween) this.cancelTween();
    this.unsubscribe();
    clearTimeout(this.settleTimer);
    for (const deck of this.decks) deck.finalize();
    this.decks = [];
    this.deck = null;
  }
}

// ---------------------------------------------------------------------------- the timeline

class TimelineInstrument {
  constructor(root, host) {
    this.host = host;
    addStyle(root);
    this.box = el('div', 'apac-timeline', root);
    this.chart = el('div', '', this.box);
    // The as-of rule is drawn over the chart, not inside it: moving it is a transform the
    // compositor applies, with no Vega run and no repaint of the timeline's marks.
    this.rule = el('div', 'apac-rule', this.box);
    this.rule.setAttribute('role', 'note');
    this.ruleLabel = el('span', '', this.rule);
    this.view = null;
    this.specKey = null;
    this.queued = null;
    this.unsubscribe = bus.subscribe((day) => this.moveRule(day));
  }

  async update(data) {
    this.data = data;
    const spec = data.spec;
    const key = JSON.stringify({ ...spec, datasets: undefined });
    if (key !== this.specKey) {
      this.specKey = key;
      if (this.view) this.view.finalize();
      // The spec's own rule (Altair's, for exported pictures) stays empty here.
      const asOf = data.asOfDataset || 'as_of';
      const live = { ...spec, datasets: { ...(spec.datasets || {}), [asOf]: [] } };
      const result = await window.vegaEmbed(this.chart, live, {
        actions: false,
        renderer: 'svg',
        tooltip: { theme: 'light' },
      });
      this.view = result.view;
      this.view.addResizeListener(() => requestAnimationFrame(() => this.remeasure()));
      if (!this.resizer) {
        this.resizer = new ResizeObserver(() => this.remeasure());
        this.resizer.observe(this.box);
      }
      this.view.addEventListener('click', (event, item) => {
        const ref = item && item.datum && item.datum.ref;
        if (ref && this.host.select) this.host.select({ ref: String(ref) });
      });
      this.view.addEventListener('dblclick', () => {
        if (this.host.window) this.host.window(null);
      });
      this.view.addSignalListener('brush', (name, value) => {
        clearTimeout(this.brushTimer);
        const days = value && value.day;
        if (!days || !this.host.window) return;
        this.brushTimer = setTimeout(() => {
          const years = days.map((ms) => new Date(ms).getUTCFullYear()).sort((a, b) => a - b);
          this.host.window(years);
        }, 500);
      });
    }
    this.measure();
    this.moveRule(bus.day ?? isoToDay(data.date));
  }

  remeasure() {
    this.measure();
    this.moveRule(bus.day ?? isoToDay(this.data.date));
  }

  /** Where the plot sits in the box (after each chart build or resize). */
  measure() {
    if (!this.view) return;
    const svg = this.chart.querySelector('svg, canvas');
    if (!svg) return;
    const box = this.box.getBoundingClientRect();
    const at = svg.getBoundingClientRect();
    const [ox, oy] = this.view.origin();
    this.plot = {
      left: at.left - box.left + ox,
      top: at.top - box.top + oy,
      width: this.view.width(),
      height: this.view.height(),
      x: this.view.scale('x'),
    };
    this.rule.style.top = `${this.plot.top}px`;
    this.rule.style.height = `${this.plot.height}px`;
  }

  moveRule(day) {
    if (!this.view || day == null || !this.plot) return;
    const x = this.plot.x(new Date(`${dayToIso(day)}T00:00:00Z`));
    const inside = x >= 0 && x <= this.plot.width;
    this.rule.style.display = inside ? 'block' : 'none';
    this.rule.style.transform = `translateX(${this.plot.left + x}px)`;
    this.rule.classList.toggle('flip', x > this.plot.width * 0.7);
    this.ruleLabel.textContent = `Map date: as of ${dayLabel(day)}`;
    this.rule.dataset.day = dayToIso(day);
  }

  destroy() {
    this.unsubscribe();
    if (this.resizer) this.resizer.disconnect();
    if (this.view) this.view.finalize();
  }
}

// ------------------------------------------------------------------------------ the hosts

const instances = new WeakMap();

/** The Streamlit component's renderer (components v2): one map or one timeline per mount. */
export async function mount(component) {
  const { data, parentElement } = component;
  let instance = instances.get(parentElement);
  // The latest callbacks (Streamlit hands new ones on every run).
  const host = {
    settle: (date) => component.setStateValue('date', date),
    select: (ref) => component.setTriggerValue('select', ref),
    window: (years) => component.setStateValue('window', years),
    camera: (view) => component.setStateValue('camera', view),
    frames: (value) => component.setTriggerValue('frames', value),
  };
  try {
    await loadVendor();
    if (!instance) {
      const Kind = data.role === 'timeline' ? TimelineInstrument : MapInstrument;
      instance = new Kind(parentElement, host);
      instances.set(parentElement, instance);
    }
    instance.host = host;
    await instance.update(data);
  } catch (error) {
    const box = el('div', 'apac-error', parentElement);
    box.textContent = `The map could not be drawn: ${error.message}`;
    console.error(error);
  }
  return () => {
    const current = instances.get(parentElement);
    if (current) current.destroy();
    instances.delete(parentElement);
  };
}

/** An exported file's renderer: the same map in a plain page (no server to tell). */
export function renderStandalone(container, data) {
  const map = new MapInstrument(container, {});
  map.update(data);
  return map;
}
