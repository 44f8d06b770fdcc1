"""Blitting: repaint only the moving artists over a saved picture of everything else."""

from __future__ import annotations

from matplotlib.patches import Rectangle
from matplotlib.transforms import Bbox, IdentityTransform

from .. import plots


def _lift_above_static(moving) -> None:
    """Give the moving artists of each Axes a zorder above its static ones (their order kept).

    A blitted frame paints the moving artists over the saved background, so they are always on
    top; with zorders to match, a full draw (a saved picture, the static PNG) paints the same.
    """
    for ax in {a.axes for a in moving if a.axes is not None}:
        mine = [a for a in moving if a.axes is ax]
        top = max((c.get_zorder() for c in ax.get_children() if c not in mine), default=0.0)
        lowest = min(a.get_zorder() for a in mine)
        if lowest <= top:
            for artist in mine:
                artist.set_zorder(artist.get_zorder() + top - lowest + 0.01)


class Blitter:
    """Keeps ``fig``'s background after every full draw and paints the ``animated`` artists over it.

    ``freeze(moving)`` lays the figure out once and marks the moving artists; ``repaint()`` then
    restores the background, draws them and blits. Axes whose limits changed are redrawn into the
    background first (tick labels make that 30-100 ms); each background is kept by the Axes'
    limits (the last ``KEEP``), so a move back to limits seen before costs no redraw.
    """

    KEEP = 12

    def __init__(self, fig):
        self.fig = fig
        self.animated: list = []
        self._background = None
        self._renderer = None
        self._areas: dict = {}
        self._kept: dict = {}  # the Axes' limits -> the background drawn with them
        self.cid = fig.canvas.mpl_connect("draw_event", self._on_draw)

    def freeze(self, moving) -> None:
        """Lay the figure out once, then mark the moving artists for blitting."""
        self.fig.get_layout_engine().execute(self.fig)
        self.fig.set_layout_engine("none")  # positions stay put: no relayout on a redraw
        moving = [a for a in moving if a is not None]
        _lift_above_static(moving)
        self.animated = sorted(moving, key=lambda a: a.get_zorder())
        for artist in self.animated:
            artist.set_animated(True)

    def _on_draw(self, event) -> None:
        """After every full draw: keep the background, then draw the moving artists (so they are
        in ``savefig`` output too, where animated artists would otherwise be left out)."""
        renderer = event.renderer
        if renderer is getattr(self.fig.canvas, "renderer", None):
            self._background = self.fig.canvas.copy_from_bbox(self.fig.bbox)
            self._renderer = renderer
            # Where each 2-D Axes is painted, labels included: a redraw blanks this area.
            self._areas = {ax: ax.get_tightbbox(renderer) for ax in self.fig.axes if ax.name != "3d"}
            self._kept = {self._limits(): (self._background, dict(self._areas))}
        for artist in self.animated:
            artist.draw(renderer)

    def repaint(self, full: bool = False, axes=()) -> None:
        canvas = self.fig.canvas
        renderer = canvas.get_renderer()
        if full or self._background is None or renderer is not self._renderer:
            canvas.draw()
            return
        if axes:
            key = self._limits()
            if key in self._kept:  # its background, and where its labels were painted
                self._background, areas = self._kept.pop(key)
                self._areas.update(areas)
                canvas.restore_region(self._background)
            else:
                canvas.restore_region(self._background)
                with plots.course_style():  # tick labels drawn now look as in the first draw
                    self._redraw_background(renderer, axes)
            self._kept[key] = (self._background, dict(self._areas))  # the newest last
            while len(self._kept) > self.KEEP:
                del self._kept[next(iter(self._kept))]
        else:
            canvas.restore_region(self._background)
        for artist in self.animated:  # lines and patches: no text, nothing the style changes
            artist.draw(renderer)
        canvas.blit(self.fig.bbox)

    def _redraw_background(self, renderer, axes) -> None:
        """Paint over the area of ``axes`` (labels included) and draw their static parts again."""
        # The area it covers now and where it was last painted: old tick labels may reach further.
        boxes = [ax.get_tightbbox(renderer) for ax in axes]
        area = Bbox.union([*boxes, *(self._areas[ax] for ax in axes if ax in self._areas)]).padded(2)
        self._areas.update(zip(axes, boxes, strict=True))
        area = Bbox.intersection(area, self.fig.bbox) or self.fig.bbox
        blank = Rectangle((area.x0, area.y0), area.width, area.height, transform=IdentityTransform(),
                          facecolor=self.fig.get_facecolor(), edgecolor="none", linewidth=0)
        blank.set_figure(self.fig)
        blank.draw(renderer)
        for ax in axes:
            ax.draw(renderer)  # animated artists are left out, as in a full draw
        self._background = self.fig.canvas.copy_from_bbox(self.fig.bbox)

    def _limits(self) -> tuple:
        return tuple(ax.viewLim.bounds for ax in self.fig.axes if ax.name != "3d")

    def close(self) -> None:
        self._kept = {}
        self.fig.canvas.mpl_disconnect(self.cid)
        self._background = self._renderer = None
        self.animated = []
