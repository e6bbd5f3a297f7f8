"""Vendor the web UI's front-end assets from npm so that `rasd serve` needs no network (run by developers only).

Fetches pinned packages with `npm pack` into a temporary folder and copies their dist files and licenses into
src/rasd/web/static/vendor/. The basemap is the world-atlas TopoJSON (Natural Earth 1:50m countries) converted here
to GeoJSON, with coordinates rounded to ~1 km: Leaflet draws it as an ordinary GeoJSON layer, no tile server.

Usage: python scripts/build_web_assets.py   (needs `npm` on PATH)
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

VENDOR = Path(__file__).resolve().parents[1] / "src" / "rasd" / "web" / "static" / "vendor"
PACKAGES = {  # npm package -> files to copy (paths inside the package), destination folder under vendor/
    "leaflet@1.9.4": ("leaflet", ["LICENSE", "dist/leaflet.js", "dist/leaflet.css", "dist/images/layers.png",
                                  "dist/images/layers-2x.png", "dist/images/marker-icon.png",
                                  "dist/images/marker-icon-2x.png", "dist/images/marker-shadow.png"]),
    "leaflet.markercluster@1.5.3": ("leaflet.markercluster", ["MIT-LICENCE.txt", "dist/leaflet.markercluster.js",
                                                              "dist/MarkerCluster.css",
                                                              "dist/MarkerCluster.Default.css"]),
    "world-atlas@2.0.2": ("world-atlas", ["LICENSE"]),
}
ATLAS = "countries-50m.json"
DIGITS = 2  # 0.01 degree: ~1 km, finer than the 1:50m source


def npm_pack(spec: str, workdir: Path) -> Path:
    """Download one package tarball and unpack it; returns the package folder."""
    name = subprocess.run(["npm", "pack", spec, "--silent"], cwd=workdir, check=True, capture_output=True,
                          text=True).stdout.strip().splitlines()[-1]
    target = workdir / spec.replace("/", "_")
    with tarfile.open(workdir / name) as tar:
        tar.extractall(target, filter="data")
    return target / "package"


def topology_to_geojson(topology: dict, name: str) -> dict:
    """Decode a quantized, delta-encoded TopoJSON object into a GeoJSON FeatureCollection."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((round(x * sx + tx, DIGITS), round(y * sy + ty, DIGITS)))
        arcs.append(points)

    def ring(indices: list[int]) -> list[list[float]]:
        out: list[tuple[float, float]] = []
        for i in indices:
            points = arcs[i] if i >= 0 else arcs[~i][::-1]
            for p in points[1:] if out else points:
                if not out or out[-1] != p:
                    out.append(p)
        if len(out) > 1 and out[0] != out[-1]:
            out.append(out[0])
        return [list(p) for p in out]

    def polygon(rings: list[list[int]]) -> list:
        return [r for r in (ring(i) for i in rings) if len(r) >= 4]

    features = []
    for geometry in topology["objects"][name]["geometries"]:
        kind = geometry.get("type")
        if kind == "Polygon":
            coordinates = polygon(geometry["arcs"])
        elif kind == "MultiPolygon":
            coordinates = [p for p in (polygon(rings) for rings in geometry["arcs"]) if p]
        else:
            continue
        if coordinates:
            features.append({"type": "Feature", "id": geometry.get("id"),
                             "properties": {"name": geometry.get("properties", {}).get("name")},
                             "geometry": {"type": kind, "coordinates": coordinates}})
    return {"type": "FeatureCollection", "features": features}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        for spec, (folder, files) in PACKAGES.items():
            package = npm_pack(spec, workdir)
            destination = VENDOR / folder
            shutil.rmtree(destination, ignore_errors=True)
            for file in files:
                target = destination / file.removeprefix("dist/")
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(package / file, target)
            if folder == "world-atlas":
                topology = json.loads((package / ATLAS).read_text())
                world = topology_to_geojson(topology, "countries")
                (destination / "countries.geojson").write_text(json.dumps(world, separators=(",", ":")))
            print(f"{spec}: {sum(f.stat().st_size for f in destination.rglob('*') if f.is_file()):,} bytes")


if __name__ == "__main__":
    main()
