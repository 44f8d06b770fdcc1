"""Live figures: sliders over α and the start that redraw gradient descent in place, fast.

Each explorer makes its one figure once and keeps the artists that move. A slider move
validates the value, recomputes only the descent, moves those artists with setters and repaints
just them over a saved picture of everything else (blitting). Modules:

- ``base``: the explorer contract (the hooks every explorer provides) and what all share;
- ``canvas``: the figure's canvas and the frame rule (every frame is a full frame);
- ``view``: the figure in the browser, which paints each frame with its readout and alt text;
- ``blit``: repainting only the moving artists;
- ``player``: Step / Play / Reset, one object every explorer holds;
- ``coalesce``: a burst of slider values draws only the newest;
- ``controls``: sliders with exact values (α on round notches), buttons, the focus ring;
- ``a11y``: in the browser, each slider handle named after its slider (for screen readers);
- ``layout``: the controls column beside the figure, and the static picture;
- ``readout``: numbers and status lines for people;
- ``registry``: running a cell again closes what its earlier run made;
- one module per explorer: ``descent``, ``tangent`` (Episodes 1-3), ``basins`` (4), ``regression``
  (5), ``scaling`` (6), ``ladder`` and ``polynomial`` (7), ``optimizer`` (8, with the quick runs
  it redraws on every move in ``optimizer_runs``).

Every explorer has ``.widget`` (the box to display; displaying the explorer displays it, with a
static PNG for notebooks read without a kernel), ``.fig``, ``.readout``, ``.output`` (where an
error inside a callback is shown), ``.update(**values)`` (what a slider move does), ``.current``
(the iteration shown), ``.step()``, ``.play()``, ``.reset()``, ``.click(...)`` (what a click on the
figure does) and ``.close()``, and its artists as public attributes (``ax_``, ``path_``, ...).
"""

from .base import Explorer
from .basins import BasinsExplorer
from .descent import DescentExplorer
from .ladder import LadderExplorer
from .optimizer import OptimizerExplorer
from .polynomial import PolynomialExplorer
from .regression import RegressionExplorer
from .scaling import ScalingExplorer
from .tangent import TangentExplorer

__all__ = ["BasinsExplorer", "DescentExplorer", "Explorer", "LadderExplorer", "OptimizerExplorer",
           "PolynomialExplorer", "RegressionExplorer",
           "ScalingExplorer", "TangentExplorer"]
