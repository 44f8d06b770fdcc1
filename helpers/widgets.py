"""Live figures (kept as ``helpers.widgets`` so notebooks can ``from helpers import widgets``).

The code lives in the package ``helpers.live``: see its docstring for the modules and the
explorer contract.
"""

from .live import (
           BasinsExplorer,
           DescentExplorer,
           Explorer,
           LadderExplorer,
           OptimizerExplorer,
           PolynomialExplorer,
           RegressionExplorer,
           ScalingExplorer,
           TangentExplorer,
)
from .live.readout import fmt
from .plots import OUTCOME_STYLE

__all__ = ["BasinsExplorer", "DescentExplorer", "Explorer", "LadderExplorer", "OUTCOME_STYLE",
           "OptimizerExplorer", "PolynomialExplorer", "RegressionExplorer", "ScalingExplorer",
           "TangentExplorer", "fmt"]
