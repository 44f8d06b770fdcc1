"""Live figures (kept as ``helpers.widgets`` so notebooks can ``from helpers import widgets``).

The code lives in the package ``helpers.live``: see its docstring for the modules and the
explorer contract.
"""

from .live import (
           BasinsExplorer,
           DescentExplorer,
           Explorer,
           RegressionExplorer,
           ScalingExplorer,
           TangentExplorer,
)
from .live.readout import fmt
from .plots import OUTCOME_STYLE

__all__ = ["BasinsExplorer", "DescentExplorer", "Explorer", "OUTCOME_STYLE", "RegressionExplorer",
           "ScalingExplorer", "TangentExplorer", "fmt"]
