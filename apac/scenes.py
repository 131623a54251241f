"""Briefing scenes: a story kept as data (events/scenes.csv), turned into view states and decks."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from apac.dates import PartialDate
from apac.state import ViewState


@dataclass(frozen=True)
class Scene:
    """One step of the briefing: what the map shows and what the presenter says."""

    number: int
    title: str
    date: PartialDate
    institutions: tuple[str, ...]
    layers: tuple[str, ...]
    view: str
    select: str | None
    caption: str
    source_ids: tuple[str, ...]


def scenes_from(frame: pd.DataFrame) -> list[Scene]:
    """Scenes in order from the validated scenes table."""
    scenes = [
        Scene(
            number=int(row.scene),
            title=row.title,
            date=row.date,
            institutions=tuple(v for v in row.institutions.split(",") if v),
            layers=tuple(v for v in row.layers.split(",") if v),
            view=row.view,
            select=row.select or None,
            caption=row.caption,
            source_ids=tuple(v for v in row.source_ids.split(";") if v),
        )
        for row in frame.itertuples()
    ]
    return sorted(scenes, key=lambda s: s.number)


def scene_view_state(scene: Scene, base: ViewState | None = None) -> ViewState:
    """The view state a scene asks for (window: the whole period up to the scene's year)."""
    base = base or ViewState()
    return replace(
        base,
        date=scene.date.iso,
        institutions=scene.institutions,
        layers=scene.layers,
        view=scene.view,
        select=scene.select,
        scene=scene.number,
        window=(1989, scene.date.year),
        notices=(),
    )


def scene_problems(
    scenes: list[Scene],
    institutions: set[str],
    valid_refs: dict[str, set[str]],
    sources: set[str],
    views: set[str],
    layers: set[str],
) -> list[str]:
    """Cross-references a scene makes that do not resolve (checked at load and in tests)."""
    out = []
    numbers = [s.number for s in scenes]
    if numbers != list(range(1, len(scenes) + 1)):
        out.append("events/scenes.csv, scene: scenes must be numbered 1..N without gaps")
    for s in scenes:
        where = f"events/scenes.csv scene {s.number}"
        out += [
            f"{where}, institutions: {i!r} is not an institution"
            for i in s.institutions
            if i not in institutions
        ]
        out += [f"{where}, layers: {v!r} is not a layer" for v in s.layers if v not in layers]
        out += [
            f"{where}, source_ids: {v!r} is not a source" for v in s.source_ids if v not in sources
        ]
        if s.view not in views:
            out.append(f"{where}, view: {s.view!r} is not a named view")
        if s.select:
            kind, _, ref = s.select.partition(":")
            if ref not in valid_refs.get(kind, set()):
                out.append(f"{where}, select: {s.select!r} does not exist")
    return out
