"""Slide pictures and videos: the timeline export (vl-convert) and frames -> GIF / MP4."""

from __future__ import annotations

import base64
import io
import struct
from datetime import date

import imageio_ffmpeg
import pytest
from PIL import Image, ImageDraw

from apac import exports, pictures
from apac.data import read_record
from apac.timeline import DISPUTES_LANE, build_timeline, build_timeline_export, timeline_frame


@pytest.fixture(scope="module")
def record():
    return read_record()


# ---------------------------------------------------------------------------- timeline export

WIDTH = 1400
TITLE = "Timeline: APEC, ASEAN"


@pytest.fixture(scope="module")
def brushed(record):
    """The export after a brush-like window (2000-2005), as the Explore page builds it."""
    frame = timeline_frame(record, ["apec", "asean"])
    lanes = ["APEC", "ASEAN", DISPUTES_LANE]
    line = pictures.source_line(record.sources, list(frame["source_id"]))
    chart = build_timeline_export(
        frame,
        lanes=lanes,
        as_of=date(2003, 6, 30),
        window=(2000, 2005),
        title=TITLE,
        source_line=line,
        width=WIDTH,
    )
    return frame, chart, line


def _png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", png[16:24])


@pytest.mark.parametrize("scale", [1, 2])
def test_timeline_export_png_has_its_declared_width(brushed, scale):
    _, chart, _ = brushed
    width, height = _png_size(exports.timeline_png(chart, scale=scale))
    assert width == WIDTH * scale
    assert height < width  # a band, not a page


def test_the_interactive_timeline_is_wider_than_declared_after_a_window(record):
    """The bug the export variant fixes, measured on the interactive chart (so the width test
    above is not passing by accident)."""
    frame = timeline_frame(record, ["apec", "asean"])
    chart = build_timeline(
        frame,
        lanes=["APEC", "ASEAN", DISPUTES_LANE],
        as_of=date(2003, 6, 30),
        window=(2000, 2005),
        width=WIDTH,
    )
    width, _ = _png_size(exports.timeline_png(chart, scale=1))
    assert width != WIDTH


def test_timeline_export_svg_has_title_source_and_no_hint(brushed):
    frame, chart, line = brushed
    svg = exports.timeline_svg(chart)
    assert TITLE in svg
    assert "Sources: " in svg and pictures.ATLAS in svg
    assert f"{line.split(' · ')[-2]} · {pictures.ATLAS}" in svg  # the line's tail, as text
    for hint in ("Click a mark", "drag to choose", "double-click"):
        assert hint not in svg
    # Full opacity: no mark is faded.
    assert 'opacity="0.18"' not in svg and "opacity: 0.18" not in svg


def test_timeline_export_keeps_only_the_windows_marks(brushed):
    frame, chart, _ = brushed
    values = chart.to_dict()["layer"][0]["data"]["values"]
    years = {int(v["day"][:4]) for v in values}
    assert years and years <= set(range(2000, 2006))
    inside = frame[(frame["day"].dt.year >= 2000) & (frame["day"].dt.year <= 2005)]
    assert len(values) == len(inside)


def test_source_line_names_sources_and_the_atlas(record):
    ids = [record.institutions.loc[i, "source_id"] for i in record.institutions.index]
    line = pictures.source_line(record.sources, ids, limit=2)
    first = record.sources.loc[ids[0], "title"]
    assert line.startswith(f"Sources: {first}")
    assert line.endswith(pictures.ATLAS)
    more = len(set(ids)) - 2
    assert (f"and {more} more" in line) == (more > 0)


# ------------------------------------------------------------------------------------- video


def test_frame_days_two_a_year():
    days = pictures.frame_days(1995, 2000, 2)
    assert len(days) == 2 * 6
    assert days[0] == "1995-06-30" and days[-1] == "2000-12-31"
    assert pictures.frame_days(1996, 1996, 12)[1] == "1996-02-29"  # leap year month end


@pytest.mark.parametrize(
    "args", [(2000, 1995, 2), (1995, 2000, 5), (1995, 2000, 0)], ids=["backwards", "5", "0"]
)
def test_frame_days_rejects_bad_ranges(args):
    with pytest.raises(pictures.FrameError):
        pictures.frame_days(*args)


def _frame_url(index: int, size=(320, 180), kind="JPEG") -> str:
    image = Image.new("RGB", size, (226, 236, 243))
    draw = ImageDraw.Draw(image)
    # A bar whose length says which frame this is: the read-back checks the order.
    draw.rectangle((0, 0, 20 + 20 * index, 40), fill=(200, 30, 30))
    out = io.BytesIO()
    image.save(out, format=kind)
    mime = "jpeg" if kind == "JPEG" else "png"
    return f"data:image/{mime};base64," + base64.b64encode(out.getvalue()).decode()


@pytest.fixture(scope="module")
def synthetic():
    days = pictures.frame_days(1995, 2000, 2)
    return pictures.decode_frames([_frame_url(i) for i in range(len(days))])


def _bar(image: Image.Image) -> int:
    """Length of the red bar in the top row band (the frame's index drawn as a length)."""
    rgb = image.convert("RGB")
    return sum(
        1 for x in range(rgb.width) if rgb.getpixel((x, 20))[0] > 150 > rgb.getpixel((x, 20))[1]
    )


def test_gif_has_every_frame_at_size_in_order(synthetic):
    gif = Image.open(io.BytesIO(pictures.gif_bytes(synthetic, 0.5)))
    assert gif.n_frames == len(synthetic.images) == 12
    assert gif.size == (320, 180)
    bars = []
    for index in range(gif.n_frames):
        gif.seek(index)
        assert gif.info["duration"] == 500
        bars.append(_bar(gif))
    assert bars == sorted(bars) and len(set(bars)) == len(bars)


def test_mp4_has_every_frame_at_size(synthetic, tmp_path):
    path = tmp_path / "v.mp4"
    path.write_bytes(pictures.mp4_bytes(synthetic, 0.5))
    reader = imageio_ffmpeg.read_frames(str(path))
    meta = reader.__next__()
    frames = list(reader)
    assert tuple(meta["size"]) == (320, 180)
    assert meta["fps"] == pytest.approx(2)
    assert len(frames) == 12
    assert all(len(f) == 320 * 180 * 3 for f in frames)


@pytest.mark.parametrize(
    ("urls", "message"),
    [
        ([], "no frames"),
        ("data:image/png;base64,xx", "no frames"),
        (["http://example.org/a.png"], "frame 1 is not a PNG or JPEG data URL"),
        (["data:image/png;base64,bm90IGFuIGltYWdl"], "frame 1 is not a readable image"),
        (["data:image/png;base64,@@@"], "frame 1 is not a readable image"),
        ([_frame_url(0), _frame_url(1, (100, 100), "PNG")], "frame 2 is 100×100, frame 1 is 320"),
        ([_frame_url(0, (8, 8))] * (pictures.MAX_FRAMES + 1), "more than the"),
    ],
    ids=["empty", "string", "http", "garbage", "bad-base64", "sizes", "too-many"],
)
def test_bad_frames_get_a_clear_message(urls, message):
    with pytest.raises(pictures.FrameError, match=message):
        pictures.decode_frames(urls)


def test_odd_sized_frames_still_encode(tmp_path):
    frames = pictures.decode_frames([_frame_url(i, (321, 181)) for i in range(3)])
    path = tmp_path / "odd.mp4"
    path.write_bytes(pictures.mp4_bytes(frames))
    reader = imageio_ffmpeg.read_frames(str(path))
    assert tuple(reader.__next__()["size"]) == (320, 180)
    assert len(list(reader)) == 3


def test_a_missing_encoder_is_a_clear_message(synthetic, monkeypatch):
    def no_ffmpeg(*args, **kwargs):
        raise RuntimeError("No ffmpeg exe could be found")

    monkeypatch.setattr(imageio_ffmpeg, "write_frames", no_ffmpeg)
    with pytest.raises(pictures.FrameError, match="MP4 encoder .imageio-ffmpeg. failed: No ffmpeg"):
        pictures.mp4_bytes(synthetic)


def test_timeline_export_source_line_wraps_inside_the_picture(record):
    """The longest source line (every source cited in full) wraps: no text runs off the edge."""
    frame = timeline_frame(record, ("apec", "asean"))
    lanes = ["APEC", "ASEAN", DISPUTES_LANE]
    line = pictures.source_line(record.sources, list(frame["source_id"]), limit=12)
    chart = build_timeline_export(
        frame, lanes=lanes, as_of=date(2003, 6, 30), window=(1995, 2010), title=TITLE,
        source_line=line,
    )  # fmt: skip
    image = Image.open(io.BytesIO(exports.timeline_png(chart, scale=1))).convert("L")
    assert image.width == 1600
    foot = image.crop((image.width - 24, image.height * 2 // 3, image.width, image.height))
    assert foot.getextrema()[0] > 200, "text reaches the right edge of the picture"
    words = image.crop((0, image.height * 2 // 3, image.width, image.height))
    assert words.getextrema()[0] < 100  # the source lines are there, inked
