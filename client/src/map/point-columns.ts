/**
 * Columnar memory for a large live point layer (300,000 units stay smooth): positions, fill and line
 * colours and radii in typed arrays that deck.gl takes as binary attributes, an id → index map, and the
 * feature's properties per index (for picking and filters). Changed in place: an upsert writes one slot, a
 * delete moves the last point into the freed slot (swap-remove), and the arrays double when full. Nothing
 * is rebuilt per change; a consumer sees `version` move on every change and `layout` move whenever a point
 * changed index (a delete or a reset), after which per-index animations (position transitions) must not
 * run. No I/O, no clock, no DOM.
 */

export type RGBA = readonly [number, number, number, number];

/** How one point is drawn; return the same object for equal inputs (styles are cached by their codes). */
export interface PointStyle {
  fill: RGBA;
  line: RGBA;
  /** Pixels. */
  radius: number;
}

export type Properties = Readonly<Record<string, unknown>>;

/** A point as the columns keep it: position [lng, lat] in EPSG:4326 degrees. */
export interface ColumnPoint {
  id: string;
  lng: number;
  lat: number;
  properties: Properties;
}

/** deck.gl binary data: `length` instances and one typed array per accessor (plus a lookup for picking). */
export interface ColumnarData {
  length: number;
  attributes: {
    getPosition: { value: Float64Array; size: 2 };
    getFillColor: { value: Uint8Array; size: 4; normalized: true };
    getLineColor: { value: Uint8Array; size: 4; normalized: true };
    getRadius: { value: Float32Array; size: 1 };
  };
  /** The point at an index of this data (what a pick at that index hit). */
  pointAt(index: number): ColumnPoint | undefined;
}

const INITIAL_CAPACITY = 1024;

export class PointColumns {
  #length = 0;
  #version = 0;
  #layout = 0;
  #positions: Float64Array;
  #fill: Uint8Array;
  #line: Uint8Array;
  #radius: Float32Array;
  #ids: string[] = [];
  #props: Properties[] = [];
  #index = new Map<string, number>();
  #accept: (p: Properties) => boolean = () => true;
  #acceptKey = '';
  #data: ColumnarData | null = null;

  constructor(
    private readonly styleOf: (p: Properties) => PointStyle,
    capacity = INITIAL_CAPACITY,
  ) {
    const n = Math.max(1, capacity);
    this.#positions = new Float64Array(n * 2);
    this.#fill = new Uint8Array(n * 4);
    this.#line = new Uint8Array(n * 4);
    this.#radius = new Float32Array(n);
  }

  /** Points held (shown or filtered out). */
  get length(): number {
    return this.#length;
  }
  /** Slots allocated; doubles when an insert finds it full. */
  get capacity(): number {
    return this.#radius.length;
  }
  /** Moves on every change. */
  get version(): number {
    return this.#version;
  }
  /** Moves whenever a point changed index (delete, reset). */
  get layout(): number {
    return this.#layout;
  }

  indexOf(id: string): number | undefined {
    return this.#index.get(id);
  }

  pointAt(index: number): ColumnPoint | undefined {
    if (!(index >= 0 && index < this.#length)) return undefined;
    return { id: this.#ids[index]!, lng: this.#positions[index * 2]!, lat: this.#positions[index * 2 + 1]!, properties: this.#props[index]! };
  }

  /** Inserts a point or rewrites its slot in place. */
  upsert(id: string, lng: number, lat: number, properties: Properties): void {
    let i = this.#index.get(id);
    if (i === undefined) {
      if (this.#length === this.capacity) this.#grow(this.capacity * 2);
      i = this.#length++;
      this.#index.set(id, i);
      this.#ids[i] = id;
    }
    this.#write(i, lng, lat, properties);
    this.#changed(false);
  }

  /** Removes a point: the last point moves into its slot. False when the id was not held. */
  remove(id: string): boolean {
    const i = this.#index.get(id);
    if (i === undefined) return false;
    const last = this.#length - 1;
    if (i !== last) {
      const lastId = this.#ids[last]!;
      this.#positions.copyWithin(i * 2, last * 2, last * 2 + 2);
      this.#fill.copyWithin(i * 4, last * 4, last * 4 + 4);
      this.#line.copyWithin(i * 4, last * 4, last * 4 + 4);
      this.#radius[i] = this.#radius[last]!;
      this.#ids[i] = lastId;
      this.#props[i] = this.#props[last]!;
      this.#index.set(lastId, i);
    }
    this.#index.delete(id);
    this.#ids.length = last;
    this.#props.length = last;
    this.#length = last;
    this.#changed(true);
    return true;
  }

  /** Replaces everything with these points (a snapshot). Capacity is kept when it suffices. */
  reset(points: Iterable<ColumnPoint>): void {
    this.#length = 0;
    this.#ids = [];
    this.#props = [];
    this.#index = new Map();
    for (const p of points) {
      let i = this.#index.get(p.id);
      if (i === undefined) {
        if (this.#length === this.capacity) this.#grow(this.capacity * 2);
        i = this.#length++;
        this.#index.set(p.id, i);
        this.#ids[i] = p.id;
      }
      this.#write(i, p.lng, p.lat, p.properties);
    }
    this.#changed(true);
  }

  /**
   * Which points are drawn: a filtered-out point keeps its slot with radius 0 (neither drawn nor picked).
   * `key` names the filter (e.g. its JSON): an equal key is a no-op, so this is cheap to call per render.
   */
  setFilter(key: string, accept: (p: Properties) => boolean): void {
    if (key === this.#acceptKey) return;
    this.#acceptKey = key;
    this.#accept = accept;
    for (let i = 0; i < this.#length; i++) this.#radius[i] = accept(this.#props[i]!) ? this.styleOf(this.#props[i]!).radius : 0;
    this.#changed(false);
  }

  /**
   * The binary data of the current version (views on the arrays, no copy): a new object per version, so
   * deck.gl sees the change and uploads the attributes without calling any accessor.
   */
  data(): ColumnarData {
    if (this.#data) return this.#data;
    const n = this.#length;
    const points = this;
    this.#data = {
      length: n,
      attributes: {
        getPosition: { value: this.#positions.subarray(0, n * 2), size: 2 },
        getFillColor: { value: this.#fill.subarray(0, n * 4), size: 4, normalized: true },
        getLineColor: { value: this.#line.subarray(0, n * 4), size: 4, normalized: true },
        getRadius: { value: this.#radius.subarray(0, n), size: 1 },
      },
      pointAt: (index) => (index < n ? points.pointAt(index) : undefined),
    };
    return this.#data;
  }

  #write(i: number, lng: number, lat: number, properties: Properties): void {
    const style = this.styleOf(properties);
    this.#positions[i * 2] = lng;
    this.#positions[i * 2 + 1] = lat;
    this.#fill.set(style.fill, i * 4);
    this.#line.set(style.line, i * 4);
    this.#radius[i] = this.#accept(properties) ? style.radius : 0;
    this.#props[i] = properties;
  }

  #grow(capacity: number): void {
    const positions = new Float64Array(capacity * 2);
    positions.set(this.#positions);
    const fill = new Uint8Array(capacity * 4);
    fill.set(this.#fill);
    const line = new Uint8Array(capacity * 4);
    line.set(this.#line);
    const radius = new Float32Array(capacity);
    radius.set(this.#radius);
    this.#positions = positions;
    this.#fill = fill;
    this.#line = line;
    this.#radius = radius;
  }

  #changed(reordered: boolean): void {
    this.#version++;
    if (reordered) this.#layout++;
    this.#data = null;
  }
}
