"""assess(): the one pipeline; it pauses the cyclic garbage collector and gives it back."""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path

from parcli.actions.assess import assess


def test_collector_is_given_back_as_it_was(example_copy: Path) -> None:
    assert gc.isenabled()
    result = assess(example_copy, dt.date(2023, 12, 25))
    assert result.readable and not result.report.has_errors()
    assert gc.isenabled()
    gc.disable()
    try:
        assess(example_copy, dt.date(2023, 12, 25))
        assert not gc.isenabled()  # a caller that turned it off keeps it off
    finally:
        gc.enable()
