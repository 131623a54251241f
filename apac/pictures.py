"""Pictures and videos of the map: frames (data URLs the browser composed) -> GIF / MP4 bytes.

The browser draws each frame with the app's own deck.gl map (static/instrument/picture.js):
title, date, legend and source line are already on it. Here the frames are checked (same size,
PNG or JPEG, a sane count) and encoded with packaged encoders: Pillow for the GIF, the ffmpeg
that the `imageio-ffmpeg` wheel ships for the MP4 (no system binary).
"""

from __future__ import annotations

import base64
import binascii
import calendar
import io
import os
import subprocess
import tempfile
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

#: Upper bounds that keep one export within a few seconds and a few MB.
MAX_FRAMES = 120
MAX_SIDE = 3840
_PREFIXES = ("data:image/png;base64,", "data:image/jpeg;base64,")


class FrameError(ValueError):
    """Frames that cannot be encoded; the message names the frame and what is wrong."""


@dataclass(frozen=True)
class Frames:
    """Decoded, validated frames: RGB images of one size."""

    images: list[Image.Image]
    width: int
    height: int


def frame_days(first_year: int, last_year: int, per_year: int = 2) -> list[str]:
    """The ISO days a play-through shows: `per_year` evenly spaced month-ends a year, and the
    end of the last year (1995-2000 at 2 a year: 1995-06-30, 1995-12-31, ..., 2000-12-31)."""
    if not 1 <= per_year <= 12 or 12 % per_year:
        raise FrameError(f"frames a year must divide 12 (1, 2, 3, 4, 6 or 12), got {per_year}")
    if first_year > last_year:
        raise FrameError(f"the range {first_year}-{last_year} runs backwards")
    step = 12 // per_year
    return [
        f"{year}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"
        for year in range(first_year, last_year + 1)
        for month in range(step, 13, step)
    ]


def decode_frames(urls: object) -> Frames:
    """Data URLs (PNG or JPEG) -> Frames; raises FrameError naming the bad frame."""
    if not isinstance(urls, (list, tuple)) or not urls:
        raise FrameError("no frames were received")
    if len(urls) > MAX_FRAMES:
        raise FrameError(f"{len(urls)} frames is more than the {MAX_FRAMES} an export allows")
    images: list[Image.Image] = []
    for number, url in enumerate(urls, start=1):
        if not isinstance(url, str) or not url.startswith(_PREFIXES):
            raise FrameError(f"frame {number} is not a PNG or JPEG data URL")
        try:
            raw = base64.b64decode(url.split(",", 1)[1], validate=True)
            image = Image.open(io.BytesIO(raw))
            image.load()
        except (binascii.Error, UnidentifiedImageError, OSError) as exc:
            raise FrameError(f"frame {number} is not a readable image ({exc})") from None
        if max(image.size) > MAX_SIDE:
            raise FrameError(f"frame {number} is {image.size[0]}×{image.size[1]}, over {MAX_SIDE}")
        if images and image.size != images[0].size:
            first = images[0].size
            raise FrameError(
                f"frame {number} is {image.size[0]}×{image.size[1]}, "
                f"frame 1 is {first[0]}×{first[1]}: all frames must be the same size"
            )
        images.append(image.convert("RGB"))
    width, height = images[0].size
    return Frames(images, width, height)


def gif_bytes(frames: Frames, seconds_per_frame: float = 0.5) -> bytes:
    """An animated GIF that loops (Pillow; a 128-colour palette per frame, no dithering: the
    map's flat fills stay flat, which keeps the file about a third of a dithered one's size)."""
    out = io.BytesIO()
    first, *rest = [
        im.quantize(128, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
        for im in frames.images
    ]
    first.save(
        out,
        format="GIF",
        save_all=True,
        append_images=rest,
        duration=int(seconds_per_frame * 1000),
        loop=0,
        disposal=1,
    )
    return out.getvalue()


def mp4_bytes(frames: Frames, seconds_per_frame: float = 0.5) -> bytes:
    """An H.264 MP4 (yuv420p, plays in slide software) from imageio-ffmpeg's own ffmpeg."""
    import imageio_ffmpeg

    # H.264 with yuv420p needs even sides.
    width, height = frames.width - frames.width % 2, frames.height - frames.height % 2
    fps = 1 / seconds_per_frame
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "out.mp4")
        try:
            writer = imageio_ffmpeg.write_frames(
                path,
                (width, height),
                fps=fps,
                codec="libx264",
                pix_fmt_out="yuv420p",
                macro_block_size=1,
                output_params=["-movflags", "+faststart"],
                ffmpeg_log_level="error",
            )
            writer.send(None)  # start ffmpeg
            for image in frames.images:
                writer.send(image.crop((0, 0, width, height)).tobytes())
            writer.close()
        except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
            # No ffmpeg binary in the wheel for this platform, or ffmpeg stopped.
            raise FrameError(f"the MP4 encoder (imageio-ffmpeg) failed: {exc}") from None
        with open(path, "rb") as handle:
            return handle.read()


#: The atlas's name, on every picture and frame.
ATLAS = "Asia-Pacific Atlas"
BORDERS = "Borders: Natural Earth (public domain)"


def citation(sources, source_id: str) -> str:
    """'Title (Publisher, Year)' for a source id, plain text (the picture draws it as text)."""
    if source_id not in sources.index:
        return source_id
    row = sources.loc[source_id]
    bits = [str(b) for b in (row.get("publisher"), row.get("year")) if _present(b)]
    return f"{row['title']} ({', '.join(bits)})" if bits else str(row["title"])


def _present(value) -> bool:
    try:
        return bool(value) and str(value) not in ("nan", "<NA>", "None")
    except TypeError:  # pandas.NA
        return False


def source_line(sources, source_ids, *, limit: int = 2, extra: str = BORDERS) -> str:
    """One line of sources for a picture: the first `limit` citations, how many more (all on the
    atlas's Sources page), `extra`, and the atlas's name."""
    ids = list(dict.fromkeys(i for i in source_ids if i))
    shown = [citation(sources, i) for i in ids[:limit]]
    more = len(ids) - len(shown)
    parts = ["Sources: " + "; ".join(shown)] if shown else []
    if more:
        parts.append(f"and {more} more on the atlas's Sources page")
    if extra:
        parts.append(extra)
    return " · ".join(parts + [ATLAS])
