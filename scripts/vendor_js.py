"""Copy the instrument's front-end libraries from the npm registry into static/vendor/.

    python scripts/vendor_js.py          # npm ci in frontend/ (exact versions from the lockfile),
                                         # then copy the browser builds + licences
    python scripts/vendor_js.py --check  # only verify static/vendor/ against VENDOR.json

The packages and versions are pinned in frontend/package.json and frontend/package-lock.json;
the copied files are never edited by hand. static/vendor/VENDOR.json records, for every file,
the package, its version, its licence and the file's sha256 (tests/test_vendor.py checks both).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FRONTEND = ROOT / "frontend"
VENDOR = ROOT / "static" / "vendor"

#: package -> the browser build (UMD, defines a global) the instrument loads, in load order.
FILES = {
    "deck.gl": "dist.min.js",
    "@deck.gl/json": "dist.min.js",
    "vega": "build/vega.min.js",
    "vega-lite": "build/vega-lite.min.js",
    "vega-embed": "build/vega-embed.min.js",
}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def target_name(package: str, file: str) -> str:
    """static/vendor/<package with / as __>/<file name>."""
    return f"{package.replace('/', '__')}/{Path(file).name}"


def build_manifest() -> dict:
    lock = json.loads((FRONTEND / "package-lock.json").read_text(encoding="utf-8"))
    entries = []
    for package, file in FILES.items():
        meta = lock["packages"][f"node_modules/{package}"]
        entries.append(
            {
                "package": package,
                "version": meta["version"],
                "license": meta.get("license", ""),
                "file": target_name(package, file),
                "licence_file": f"{package.replace('/', '__')}/LICENSE",
                "sha256": _sha(VENDOR / target_name(package, file)),
            }
        )
    return {
        "note": "Written by scripts/vendor_js.py from frontend/package-lock.json; never edit.",
        "files": entries,
    }


def vendor() -> None:
    subprocess.run(
        ["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=FRONTEND, check=True
    )
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    for package, file in FILES.items():
        source = FRONTEND / "node_modules" / package
        dest = VENDOR / target_name(package, file)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / file, dest)
        shutil.copyfile(source / "LICENSE", dest.parent / "LICENSE")
    manifest = build_manifest()
    (VENDOR / "VENDOR.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    for entry in manifest["files"]:
        size = (VENDOR / entry["file"]).stat().st_size
        print(f"{entry['package']}@{entry['version']} ({entry['license']}): {size:,} bytes")


def check() -> list[str]:
    """Problems with static/vendor/ against the lockfile and VENDOR.json (empty: all good)."""
    problems = []
    recorded = json.loads((VENDOR / "VENDOR.json").read_text(encoding="utf-8"))
    lock = json.loads((FRONTEND / "package-lock.json").read_text(encoding="utf-8"))
    for entry in recorded["files"]:
        path = VENDOR / entry["file"]
        if not path.exists() or _sha(path) != entry["sha256"]:
            problems.append(f"static/vendor/{entry['file']} differs from VENDOR.json")
        if not (VENDOR / entry["licence_file"]).exists():
            problems.append(f"static/vendor/{entry['licence_file']} is missing")
        locked = lock["packages"].get(f"node_modules/{entry['package']}", {}).get("version")
        if locked != entry["version"]:
            problems.append(f"{entry['package']}: vendored {entry['version']}, locked {locked}")
    if {e["package"] for e in recorded["files"]} != set(FILES):
        problems.append("VENDOR.json does not list exactly the packages in FILES")
    return problems


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    if parser.parse_args().check:
        found = check()
        print("\n".join(found) or "static/vendor/ matches the lockfile")
        sys.exit(1 if found else 0)
    vendor()
