"""The controls: sliders with exact values, their labels, and the focus ring.

Every control has an accessible name (its ``description``) and a ``tooltip`` that says what it
does. The α slider is a ``SelectionSlider`` over round notches, (1, 1.5, 2, 3, 5, 7.5) × 10^k,
so every α the episodes quote is a notch and a value set from code stays exactly as set (a
value between notches set from code becomes a notch of its own: see ``AlphaNotches``).
"""

from __future__ import annotations

import math
import numbers

import ipywidgets as widgets

from .._validate import as_real, check_num_iters
from .readout import fmt

#: Round values per decade: every α a course episode quotes is one of these times a power of ten.
ALPHA_SERIES = (1.0, 1.5, 2.0, 3.0, 5.0, 7.5)
#: The controls column's width in CSS pixels: sliders, hints, buttons and the readout share it.
COLUMN_PX = 300
SLIDER_STYLE = {"description_width": "110px"}
SLIDER_LAYOUT = {"width": "100%", "max_width": f"{COLUMN_PX}px"}
#: A focus ring that shows on every control of an explorer (sliders, buttons), whatever the theme.
#: The last rule keeps a drag quick: at the start and end of a drag the slider sets the page's
#: cursor on <body>, and every element of the page inherits it, so the browser restyles the whole
#: page twice (35-40 ms each in the browser test). With the cursor held at its usual value while a
#: course slider is dragged, only <body> is restyled.
FOCUS_CSS = (
    "<style>.gd-explorer :focus-visible, .gd-explorer .widget-slider :focus,"
    " .gd-explorer button:focus {outline: 3px solid #005A9C !important; outline-offset: 2px;}"
    " .gd-explorer .gd-hint {font-size: 12px; line-height: 1.3}"
    " body:has(.gd-explorer .noUi-active) {cursor: auto !important}</style>"
)


def alpha_notches(lo: float, hi: float) -> list[float]:
    """The round α values from ``lo`` to ``hi`` (both included if they are round themselves)."""
    notches = []
    for exponent in range(math.floor(math.log10(lo)) - 1, math.ceil(math.log10(hi)) + 1):
        for mantissa in ALPHA_SERIES:
            value = float(f"{mantissa}e{exponent}")  # 7.5e-2 exactly as Python reads 0.075
            if lo * (1 - 1e-12) <= value <= hi * (1 + 1e-12):
                notches.append(value)
    return notches


def nice_step(raw: float) -> float:
    """A slider step of 1, 2 or 5 times a power of ten, close to ``raw``."""
    exponent = math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * 10**exponent >= raw:
            return factor * 10.0**exponent
    return 10.0 ** (exponent + 1)  # pragma: no cover


def anchored(value: float, lo: float, hi: float, step: float) -> tuple[float, float]:
    """Slider bounds that cover [lo, hi] and put ``value`` exactly on the slider's grid of steps.

    The browser snaps a slider's value to min + k·step and sends the snapped value back, so an
    unanchored start of w = 0 would quietly become w = 0.63.
    """
    below = math.ceil((value - lo) / step - 1e-9)
    above = math.ceil((hi - value) / step - 1e-9)
    return value - below * step, value + above * step


def _styled(slider):
    slider.add_class("gd-slider")
    return slider


def alpha_slider(value: float, lo: float, hi: float) -> widgets.SelectionSlider:
    """The α slider: a notch per round value from ``lo`` to ``hi``, with ``value`` among them."""
    if not 0 < lo < hi:
        raise ValueError(f"the α slider needs 0 < alpha_min < alpha_max, got {lo:g} and {hi:g}.")
    if not lo <= value <= hi:
        raise ValueError(f"alpha = {value:g} is outside the slider's range {lo:.3g} to {hi:.3g}; "
                         "pick an alpha inside it or widen the range with alpha_min / alpha_max.")
    notches = sorted({*alpha_notches(lo, hi), float(value)})
    slider = _styled(widgets.SelectionSlider(
        options=[(fmt(a), a) for a in notches], value=float(value), description="α (learning rate)",
        tooltip="The learning rate α: how far each step goes (round values; arrow keys move it)",
        continuous_update=True, style=SLIDER_STYLE, layout=widgets.Layout(**SLIDER_LAYOUT)))
    slider.alpha_range = (lo, hi)  # a value from code anywhere in here becomes a notch
    return slider


def add_notch(slider: widgets.SelectionSlider, value: float) -> None:
    """Make ``value`` a notch of ``slider`` (a value set from code stays exactly as set)."""
    values = [v for _, v in slider.options]
    if value not in values:
        current = slider.value
        slider.options = [(fmt(a), a) for a in sorted({*values, value})]
        slider.value = current


def start_slider(value: float, lo: float, hi: float, *, description: str, tooltip: str):
    """A slider over a start value, with ``value`` on its grid (see ``anchored``)."""
    if not lo <= value <= hi:
        raise ValueError(f"{description} = {value:g} is outside its range {lo:.4g} to {hi:.4g}; "
                         "pick a start inside it.")
    step = nice_step((hi - lo) / 400)
    low, high = anchored(value, lo, hi, step)
    decimals = max(0, -math.floor(math.log10(step)))  # so 0 reads "0.00", never "1.4e-14"
    return _styled(widgets.FloatSlider(
        value=value, min=low, max=high, step=step, readout_format=f".{decimals}f", description=description,
        tooltip=tooltip, continuous_update=True, style=SLIDER_STYLE, layout=widgets.Layout(**SLIDER_LAYOUT)))


def iters_slider(num_iters, *, most: int, floor: int, step: int = 1, tooltip: str):
    """The iterations slider, up to ``most``; returns (slider, the number asked for)."""
    asked = check_num_iters(num_iters)
    value = min(asked, most)
    step = step if value % step == 0 else 1  # the value stays on the slider's grid
    top = math.ceil(min(max(floor, 2 * value), most) / step) * step
    slider = widgets.IntSlider(value=value, min=0, max=top, step=step, description="iterations",
                               tooltip=tooltip, continuous_update=False, style=SLIDER_STYLE,
                               layout=widgets.Layout(**SLIDER_LAYOUT))
    return _styled(slider), asked


def choice(value, options, *, description: str, tooltip: str) -> widgets.ToggleButtons:
    """A row of buttons choosing one of ``options`` (pairs of label and value, or plain values),
    e.g. the scaling of the features; Tab reaches each button, Enter or Space picks it."""
    pairs = [o if isinstance(o, tuple) else (str(o), o) for o in options]
    if value not in [v for _, v in pairs]:
        raise ValueError(f"{description} = {value!r} is not one of {[v for _, v in pairs]}; "
                         "pick one of those.")
    made = widgets.ToggleButtons(options=pairs, value=value, description=description, tooltip=tooltip,
                                 style={"description_width": SLIDER_STYLE["description_width"],
                                        "button_width": "auto"},
                                 layout=widgets.Layout(width="100%", max_width=f"{COLUMN_PX}px"))
    made.add_class("gd-choice")
    return made


def hint(text: str) -> widgets.HTML:
    """A short hint under a slider (e.g. where α diverges), in the threshold's colour."""
    from ..plots import PALETTE

    label = widgets.HTML(f'<span style="color: {PALETTE["threshold_text"]}">{text}</span>' if text else "",
                         layout=widgets.Layout(max_width=f"{COLUMN_PX - 8}px", margin="0 0 4px 8px"))
    label.add_class("gd-threshold")
    label.add_class("gd-hint")
    return label


def button(description: str, icon: str, tooltip: str, *, toggle: bool = False):
    kind = widgets.ToggleButton if toggle else widgets.Button
    extra = {"value": False} if toggle else {}
    made = kind(description=description, icon=icon, tooltip=tooltip,
                layout=widgets.Layout(width="auto", min_width="84px"), **extra)
    made.add_class("gd-button")
    return made


def check_value(name: str, slider, value, *, most: int):
    """``value`` for ``slider`` (the slider of ``name``), or an error that says what to pass instead."""
    if isinstance(slider, widgets.ToggleButtons):
        values = [v for _, v in slider.options]
        if value not in values or isinstance(value, bool):
            raise ValueError(f"{name} = {value!r} is not one of this explorer's choices; pick one of "
                             f"{', '.join(repr(v) for v in values)}.")
        return values[values.index(value)]
    if isinstance(slider, widgets.SelectionSlider):
        lo, hi = getattr(slider, "alpha_range", (slider.options[0][1], slider.options[-1][1]))
    else:
        lo, hi = slider.min, slider.max
    where = f"from {lo:.4g} to {hi:.4g}"
    if isinstance(slider, widgets.IntSlider):
        value = _check_whole(name, value, slider, where, most)
    else:
        try:
            value = as_real(value, name)
        except (TypeError, ValueError) as exc:
            message = f"{name} = {value!r} is not a finite number; pass a number {where}."
            raise type(exc)(message) from None
    span = abs(hi - lo)
    if not lo - 1e-9 * span <= value <= hi + 1e-9 * span:
        raise ValueError(f"{name} = {value:g} is outside this explorer's slider ({where}); "
                         f"pick a value inside it, or make a new explorer with a wider range.")
    return min(max(value, lo), hi)


def _check_whole(name, value, slider, where, most) -> int:
    whole = isinstance(value, numbers.Integral) or (
        isinstance(value, numbers.Real) and math.isfinite(value) and float(value).is_integer())
    if isinstance(value, bool) or not whole:
        raise ValueError(f"{name} = {value!r} is not a whole number; pass one {where}, such as "
                         f"{slider.value}.")
    value = int(value)
    if value > slider.max and slider.max == most:
        raise ValueError(f"{name} = {value:,} is more than this explorer runs (at most {slider.max:,} "
                         f"steps); pass {slider.max} or fewer.")
    return value
