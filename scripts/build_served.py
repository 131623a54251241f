"""Write the files the browser fetches once from static/ (see apac/served.py):
the timeline's marks and the dispute and chokepoint points.

A rerun then need not re-send them over the websocket. The app compares each file with what the
validated data gives and sends that data inline if they differ; tests/test_served.py fails when
a committed copy is stale. Run after editing events/ or geodata/:  make served
"""

from __future__ import annotations

import sys

from apac.data import DataError, read_chokepoints, read_disputes, read_record
from apac.paths import STATIC
from apac.served import served_contents


def main() -> int:
    try:
        contents = served_contents(read_record(), read_disputes(), read_chokepoints())
    except DataError as exc:
        print(f"the data does not validate, nothing written:\n{exc}", file=sys.stderr)
        return 1
    for name, text in contents.items():
        (STATIC / name).write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote static/{name} ({len(text.encode()):,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
