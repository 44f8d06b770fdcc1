"""Readout text: numbers as a learner reads them, and the status line of a run.

Every readout is a few short rows of HTML in one ``role="status"`` box, so a screen reader
announces the new state after a move.
"""

from __future__ import annotations

import html
import math

import numpy as np

from ..plots import OUTCOME_STYLE, PALETTE


def fmt(value) -> str:
    """A number as a learner reads it: 4 significant figures, a true minus, never 'nan' or 'inf'."""
    value = float(value)
    if not math.isfinite(value):
        return "too large to show" if not math.isnan(value) else "not a number (overflow)"
    if value == 0:
        return "0"
    size = abs(value)
    if 1e-3 <= size < 1e6:
        decimals = max(0, 3 - math.floor(math.log10(size)))
        text = f"{value:.{decimals}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    else:
        mantissa, exponent = f"{value:.3e}".split("e")
        power = str(int(exponent)).translate(_SUPERSCRIPTS)
        text = f"{mantissa.rstrip('0').rstrip('.')}×10{power}"
    return text.replace("-", "−")


_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def slope_words(slope: float, scale: float = 1.0, name: str = "w") -> str:
    """The slope's sign in words, and which way the step will move ``name``."""
    if not math.isfinite(slope):
        return "too steep to follow"
    if abs(slope) <= 1e-7 * scale:
        return f"≈ 0, flat: {name} (almost) stays put"
    if slope > 0:
        return f"positive: uphill to the right, so {name} moves left"
    return f"negative: downhill to the right, so {name} moves right"

def lines(*rows: str) -> str:
    body = "".join(f"<div>{row}</div>" for row in rows if row)
    return (
        '<div role="status" aria-live="polite" aria-atomic="true" '
        'style="font-size: 13px; line-height: 1.55; font-variant-numeric: tabular-nums">'
        f"{body}</div>"
    )


#: How each outcome of a run (``DescentResult.outcome``) reads in a status line: its words, which
def steps(n: int) -> str:
    return f"{n:,} step{'' if n == 1 else 's'}"


#: w1 reads w₁: the digits of a parameter's name as subscripts.
SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def status_line(result) -> str:
    """How the run ended, in the words of ``result.status`` (its outcome first), with numbers as the
    readout writes them. Where the bare outcome would mislead it says more: no step taken, or a
    run out of steps whose cost grew or stood still (then α is too large: more steps do not help).
    """
    n = result.stopped_at
    slope = result.slope
    if np.ndim(slope):
        parts = ", ".join(f"dJ/d{name.translate(SUBSCRIPT)}" for name in result.names)  # dJ/dw₁ ...
        subject, value = f"the gradient ({parts})", "(" + ", ".join(fmt(v) for v in slope) + ")"
    else:
        subject, value = "the slope", fmt(slope)
    if result.converged:
        if n == 0:
            return f"converged at the start: {subject} there is already 0, so descent stays put"
        return f"converged after {steps(n)}: {subject} is now {value}, close to 0"
    if result.diverged:
        return f"diverged at step {n:,}: the cost blew up, so lower α"
    if result.stalled:
        names = [name.translate(SUBSCRIPT) for name in result.names]
        name = names[0] if len(names) == 1 else "(" + ", ".join(names) + ")"
        return (f"stalled after {steps(n)}: α = {fmt(result.alpha)} is too small to make progress "
                f"({name} moved {fmt(result.moved)} in all while {subject} is still {value}); raise α")
    J = result.J_history
    if n == 0:
        return "out of steps before the first step: iterations is 0, so nothing moved; raise iterations"
    if J[-1] > J[0]:
        return f"out of steps after {steps(n)}, and the cost is growing: α is too large, so lower it"
    if J[-1] >= J[0]:
        return (f"out of steps after {steps(n)}, and the cost is no lower than at the start: each step "
                "jumps across the valley, so lower α")
    return (f"out of steps after {steps(n)}: not converged yet, {subject} is still {value}; "
            "run more steps, or change α")


def status_html(result, k: int) -> str:
    words, colour = OUTCOME_STYLE[result.outcome]
    status = html.escape(status_line(result))
    where = "" if k == result.iterations else f" (showing step {k:,} of {result.iterations:,})"
    return (f'<b class="gd-outcome" data-outcome="{result.outcome}" style="color: {colour}">'
            f"{status}</b>{where}")


def iteration_row(result, k: int, at_most: int) -> str:
    """Which iteration is on show, out of how many; without '0 of 0' when no step could be kept."""
    if result.iterations == 0:
        why = "iterations is 0" if at_most == 0 else (
            "the first step blew up" if result.diverged else "the slope at the start is already 0")
        return f"<b>iteration</b> k = 0, the start ({why})"
    return f"<b>iteration</b> k = {k:,} of {result.iterations:,} (at most {at_most:,})"


def percent(share: float) -> str:
    """A share as a whole percentage that never reads 0% for some or 100% for not quite all."""
    if 0 < share < 0.005:
        return "under 1%"
    if 0.995 < share < 1:
        return "over 99%"
    return f"{100 * share:.0f}%"


def drawn(k: int, limit: int) -> tuple[np.ndarray, int]:
    """The iterations 0..k a figure draws, and the stride: all of them up to ``limit`` points, else
    every n-th with the last one kept, so a long run costs no more to draw than a short one."""
    stride = max(1, math.ceil((k + 1) / limit))
    index = np.arange(0, k + 1, stride)
    if index[-1] != k:
        index = np.append(index, k)
    return index, stride



def threshold_span(text: str) -> str:
    """``text`` in the colour of the divergence threshold (a hint beside a number)."""
    return f"<span style='color: {PALETTE['threshold_text']}'>{text}</span>"


def capped_rows(explorer, k: int) -> list[str]:
    """Readout rows that say what is not run or not drawn: a capped ``num_iters``, a thinned path."""
    rows = []
    asked, n = explorer._iters_asked, explorer._state.get("num_iters")
    if asked is not None and n == explorer.MAX_ITERS < asked:
        rows.append(f"<i>iterations capped at {n:,}, the most this figure runs (you asked for {asked:,})</i>")
    stride = drawn(k, explorer.MAX_DRAWN)[1]
    if stride > 1:
        rows.append(f"<i>the figure draws one step in every {stride} of these {k:,}</i>")
    return rows
