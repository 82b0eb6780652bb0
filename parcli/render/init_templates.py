"""Render the ``parcli init`` scaffold templates (templates/init/*.j2).

These templates are parcli's own (not user overrides), so a plain jinja2 environment is used.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from parcli.resources import data_dir
from parcli.text import format_date, format_decimal


def _yaml_str(value: object) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(str(value), ensure_ascii=False)


def render_init(name: str, context: dict[str, Any]) -> str:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_dir("templates") / "init")),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["yaml"] = _yaml_str
    env.filters["so"] = lambda d: format_decimal(Decimal(d))
    env.filters["ngay"] = format_date
    return env.get_template(name).render(**context)
