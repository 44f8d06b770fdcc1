"""One explorer shared by the tests of a module that ask for the same one, looking new every time.

Making an explorer (laying out and drawing its figure) is most of what a live-figure test costs.
``fresh(shared, key, build)`` gives a test the explorer ``build()`` makes, shared with the other
tests of its module under ``key`` (the ``shared`` fixture in conftest.py holds them), put back to
how it opened; if anything a learner sees still differs from a new one, a new one is made.
"""

from __future__ import annotations


def looks(e) -> tuple:
    """All a learner sees of an explorer: every control, the step on show, the readout, the axes."""
    controls = {name: (s.value, getattr(s, "options", None), getattr(s, "min", None),
                       getattr(s, "max", None), s.disabled) for name, s in e.sliders.items()}
    buttons = [(b.disabled, b.description, b.value if hasattr(b, "value") else None)
               for b in (e.step_button, e.play_button, e.reset_button)]
    axes = [(ax.get_xlim(), ax.get_ylim()) for ax in e.fig.axes]
    hints = {name: hint.value for name, hint in e.hints.items()}
    return controls, buttons, axes, hints, e.current, e.readout.value, e.describe(), e.play_interval


def fresh(shared, key, build):
    """The explorer ``build()`` makes, looking exactly as a new one does; shared by the tests that ask
    for the same ``key``. It is put back to its first slider values and the step it first showed; if
    anything a learner sees then differs from when it was new (a notch added, a capped request
    remembered, an error shown), or a test closed it, a new one is made instead."""
    if key in shared:
        e, first, k, seen = shared[key]
        if not e.closed:
            e.update(**first)
            e.reset()
            e.go_to(k)
            if e.last_error is None and looks(e) == seen:
                return e
            e.close()
    e = build()
    shared[key] = e, {name: e._state[name] for name in type(e).SLIDERS}, e.current, looks(e)
    return e
