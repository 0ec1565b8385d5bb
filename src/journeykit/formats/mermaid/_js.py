"""What JavaScript means by whitespace, ``trim``, ``Number`` and ``String``.

Mermaid is written in JavaScript; reading its diagrams exactly means reading
whitespace, numbers and front-matter values the way JavaScript does, which
differs from Python in small ways (``"\\ufeff"`` is whitespace to JavaScript
and not to Python; ``Number("")`` is 0; ``Number("0x1F")`` is 31).
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any

# ECMAScript WhiteSpace and LineTerminator: what `\s` matches and `trim` removes.
WHITESPACE = (
    "\t\n\v\f\r \u00a0\u1680"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
    + "\u2028\u2029\u202f\u205f\u3000\ufeff"
)
WS = re.escape(WHITESPACE).replace("\\\n", "\\n")
"""The body of a regular-expression class matching one JavaScript whitespace character."""

LINE_END = "\n\r\u2028\u2029"
"""What JavaScript's ``.`` does not match."""


def trim(text: str) -> str:
    """``text.trim()``."""
    return text.strip(WHITESPACE)


def trim_start(text: str) -> str:
    """``text.trimStart()``."""
    return text.lstrip(WHITESPACE)


_DECIMAL = re.compile(r"[+-]?(?:Infinity|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)")
_RADIX = re.compile(r"0([xXoObB])([0-9a-zA-Z]+)")
_BASES = {"x": 16, "o": 8, "b": 2}


def number(text: str) -> float:
    """``Number(text)``: the value of a numeric string, NaN when it is not one."""
    body = trim(text)
    if not body:
        return 0.0
    if _DECIMAL.fullmatch(body):
        if body.endswith("Infinity"):
            return -math.inf if body.startswith("-") else math.inf
        return float(body)
    radix = _RADIX.fullmatch(body)
    if radix:
        try:
            value = int(radix.group(2), _BASES[radix.group(1).lower()])
        except ValueError:
            return math.nan
        try:
            return float(value)
        except OverflowError:
            return math.inf
    return math.nan


def string(value: Any) -> str:
    """``String(value)`` for what a YAML front matter holds."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float_string(value)
    if isinstance(value, list | tuple):
        return ",".join("" if item is None else string(item) for item in value)
    if value is None:
        return "null"
    return "[object Object]"


def truthy(value: Any) -> bool:
    """Whether JavaScript takes ``value`` for true."""
    if isinstance(value, float) and math.isnan(value):
        return False
    if isinstance(value, list | tuple | dict):
        return True
    return bool(value)


def _float_string(value: float) -> str:
    """Number::toString: the shortest digits, placed as ECMAScript places them."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    digits_tuple = Decimal(repr(abs(value))).normalize().as_tuple()
    digits = "".join(map(str, digits_tuple.digits))
    k = len(digits)
    n = k + int(digits_tuple.exponent)
    if k <= n <= 21:
        body = digits + "0" * (n - k)
    elif 0 < n <= 21:
        body = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        body = "0." + "0" * -n + digits
    else:
        exponent = n - 1
        mantissa = digits if k == 1 else digits[0] + "." + digits[1:]
        body = f"{mantissa}e{'+' if exponent >= 0 else '-'}{abs(exponent)}"
    return sign + body
