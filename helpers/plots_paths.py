"""The artists of a descent path: an arrow per step (``StepArrows``), and the bundle that moves a
path's artists together (``PathArtists``).

Both are importable from ``helpers.plots`` as well, whose ``plot_path_1d`` and ``plot_path_2d``
make them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.patches import PathPatch
from matplotlib.path import Path
from matplotlib.transforms import IdentityTransform


class StepArrows(PathPatch):
    """One arrow per step between consecutive points, drawn as a single filled path.

    Only the points are stored (in data coordinates); the arrow shapes are built in screen
    pixels each time the artist is drawn, so heads keep their shape whatever the axes' scales,
    and steps that leave the axes are clipped before they reach the renderer.
    """

    _CODES = np.array([Path.MOVETO] + [Path.LINETO] * 6 + [Path.CLOSEPOLY], dtype=Path.code_type)

    def __init__(self, x=(), y=(), *, width=1.5, head_width=8.0, head_length=9.0, **kwargs):
        kwargs.setdefault("label", "_nolegend_")
        kwargs.setdefault("linewidth", 0)
        super().__init__(Path(np.zeros((1, 2))), transform=IdentityTransform(), **kwargs)
        self._width, self._head_width, self._head_length = width, head_width, head_length
        self.set_points(x, y)

    def set_points(self, x, y) -> None:
        """Move the arrows: one from each point to the next."""
        self._xy = np.column_stack([np.ravel(np.asarray(x, float)), np.ravel(np.asarray(y, float))])
        self.stale = True

    def get_points(self) -> tuple[np.ndarray, np.ndarray]:
        return self._xy[:, 0].copy(), self._xy[:, 1].copy()

    def draw(self, renderer):
        if self.axes is not None:
            self._path = self._arrow_path(renderer)
        super().draw(renderer)

    def _arrow_path(self, renderer) -> Path:
        if len(self._xy) < 2:
            return Path(np.zeros((1, 2)))
        with np.errstate(all="ignore"):
            pixels = self.axes.transData.transform(self._xy)
            x0, y0, x1, y1 = self.axes.bbox.extents
            pad = max(x1 - x0, y1 - y0)
            start, end, keep, end_inside = _clip_segments(
                pixels[:-1], pixels[1:], (x0 - pad, y0 - pad, x1 + pad, y1 + pad)
            )
            d = end - start
            length = np.hypot(d[:, 0], d[:, 1])
            keep &= length > 0.5
            if not keep.any():
                return Path(np.zeros((1, 2)))
            start, end, d, length, end_inside = (a[keep] for a in (start, end, d, length, end_inside))
            u = d / length[:, None]
            n = np.column_stack([-u[:, 1], u[:, 0]])
            px = renderer.points_to_pixels(1.0)
            head_length = np.where(end_inside, np.minimum(self._head_length * px, 0.6 * length), 0.0)
            shaft = self._width * px / 2
            head = np.maximum(self._head_width * px / 2 * head_length / (self._head_length * px), shaft)
            head = np.where(end_inside, head, shaft)
            base = end - u * head_length[:, None]
            verts = np.stack(
                [
                    start + n * shaft,
                    base + n * shaft,
                    base + n * head[:, None],
                    end,
                    base - n * head[:, None],
                    base - n * shaft,
                    start - n * shaft,
                    start + n * shaft,
                ],
                axis=1,
            )
        return Path(verts.reshape(-1, 2), np.tile(self._CODES, len(verts)))


def _clip_segments(start, end, box):
    """Clip segments to a box (Liang–Barsky, vectorised). Returns start, end, kept, end-not-clipped."""
    x0, y0, x1, y1 = box
    d = end - start
    t0, t1 = np.zeros(len(d)), np.ones(len(d))
    keep = np.ones(len(d), dtype=bool)
    for p, q in (
        (-d[:, 0], start[:, 0] - x0),
        (d[:, 0], x1 - start[:, 0]),
        (-d[:, 1], start[:, 1] - y0),
        (d[:, 1], y1 - start[:, 1]),
    ):
        parallel = p == 0
        keep &= ~(parallel & (q < 0))
        r = np.divide(q, p, out=np.zeros_like(q), where=~parallel)
        t0 = np.where(p < 0, np.maximum(t0, r), t0)
        t1 = np.where(p > 0, np.minimum(t1, r), t1)
    keep &= t0 <= t1
    return start + t0[:, None] * d, start + t1[:, None] * d, keep, t1 >= 1.0


@dataclass(eq=False)
class PathArtists:
    """The artists of a descent path: the point after each step, the start, and (1-D) an arrow per step.

    ``update(xs, ys)`` moves them all with setters only; live figures and tests both use it.
    """

    points: object
    start: object
    arrows: StepArrows | None = None

    def update(self, xs, ys) -> None:
        xs, ys = np.asarray(xs, float), np.asarray(ys, float)
        self.points.set_data(xs, ys)
        self.start.set_data(xs[:1], ys[:1])
        if self.arrows is not None:
            self.arrows.set_points(xs, ys)

    @property
    def artists(self) -> tuple:
        return tuple(a for a in (self.points, self.start, self.arrows) if a is not None)
