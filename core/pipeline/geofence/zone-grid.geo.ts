/**
 * A uniform grid over zone bounding boxes for point lookups: the cell under a point lists, in zone order,
 * every zone whose bbox overlaps the cell, so a lookup is one division, a short list and exact tests.
 * Measured against walking flatbush's tree for single points (bench/zone-lookup.bench.ts): about twice as
 * fast, because a point query into an R-tree still visits several levels of overlapping nodes.
 * Flatbush stays for box and distance queries (ZoneIndex.nearest).
 */

export interface ZoneGrid {
  minX: number;
  minY: number;
  /** Cells per degree, x and y. */
  sx: number;
  sy: number;
  nx: number;
  ny: number;
  /** Cell c lists items[cellStart[c] .. cellStart[c + 1]). */
  cellStart: Int32Array;
  items: Int32Array;
}

/** Caps: at most this many cells, and this many (zone, cell) entries; coarser cells are chosen to stay under. */
const MAX_CELLS = 1 << 18;
const MAX_ENTRIES = 1 << 22;

/** Builds the grid from boxes [minX, minY, maxX, maxY] per zone. */
export function buildZoneGrid(boxes: Float64Array): ZoneGrid {
  const n = boxes.length / 4;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const sizes: number[] = [];
  for (let i = 0; i < n; i++) {
    minX = Math.min(minX, boxes[4 * i]!);
    minY = Math.min(minY, boxes[4 * i + 1]!);
    maxX = Math.max(maxX, boxes[4 * i + 2]!);
    maxY = Math.max(maxY, boxes[4 * i + 3]!);
    sizes.push(Math.max(boxes[4 * i + 2]! - boxes[4 * i]!, boxes[4 * i + 3]! - boxes[4 * i + 1]!));
  }
  if (n === 0) return { minX: 0, minY: 0, sx: 1, sy: 1, nx: 1, ny: 1, cellStart: new Int32Array(2), items: new Int32Array(0) };
  const w = Math.max(maxX - minX, 1e-9);
  const h = Math.max(maxY - minY, 1e-9);
  sizes.sort((a, b) => a - b);
  // Cells about the median zone's size: most zones then touch a handful of cells.
  let cell = Math.max(sizes[sizes.length >> 1]!, Math.sqrt((w * h) / MAX_CELLS), 1e-7);
  for (;;) {
    const nx = Math.max(1, Math.ceil(w / cell));
    const ny = Math.max(1, Math.ceil(h / cell));
    const sx = nx / w;
    const sy = ny / h;
    const cx = (x: number): number => Math.min(nx - 1, Math.max(0, Math.floor((x - minX) * sx)));
    const cy = (y: number): number => Math.min(ny - 1, Math.max(0, Math.floor((y - minY) * sy)));
    let entries = 0;
    for (let i = 0; i < n; i++) entries += (cx(boxes[4 * i + 2]!) - cx(boxes[4 * i]!) + 1) * (cy(boxes[4 * i + 3]!) - cy(boxes[4 * i + 1]!) + 1);
    if (entries > MAX_ENTRIES) {
      cell *= 2;
      continue;
    }
    const counts = new Int32Array(nx * ny + 1);
    for (let i = 0; i < n; i++) {
      for (let y = cy(boxes[4 * i + 1]!), y1 = cy(boxes[4 * i + 3]!); y <= y1; y++) {
        for (let x = cx(boxes[4 * i]!), x1 = cx(boxes[4 * i + 2]!); x <= x1; x++) counts[y * nx + x + 1]!++;
      }
    }
    for (let c = 1; c <= nx * ny; c++) counts[c]! += counts[c - 1]!;
    const cellStart = counts.slice();
    const fill = counts.slice(0, nx * ny);
    const items = new Int32Array(entries);
    // zones in ascending order, so each cell's list is already in input order
    for (let i = 0; i < n; i++) {
      for (let y = cy(boxes[4 * i + 1]!), y1 = cy(boxes[4 * i + 3]!); y <= y1; y++) {
        for (let x = cx(boxes[4 * i]!), x1 = cx(boxes[4 * i + 2]!); x <= x1; x++) items[fill[y * nx + x]!++] = i;
      }
    }
    return { minX, minY, sx, sy, nx, ny, cellStart, items };
  }
}

/** The cell index of a point, or -1 outside the grid. */
export function gridCell(g: ZoneGrid, x: number, y: number): number {
  const ix = Math.floor((x - g.minX) * g.sx);
  const iy = Math.floor((y - g.minY) * g.sy);
  // the max edge belongs to the last cell (boxes are closed)
  const cx = ix === g.nx && x <= g.minX + g.nx / g.sx ? g.nx - 1 : ix;
  const cy = iy === g.ny && y <= g.minY + g.ny / g.sy ? g.ny - 1 : iy;
  if (cx < 0 || cy < 0 || cx >= g.nx || cy >= g.ny || Number.isNaN(cx) || Number.isNaN(cy)) return -1;
  return cy * g.nx + cx;
}
