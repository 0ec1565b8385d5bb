"""The grammar of Mermaid's ``journey`` diagram, as its parser reads it.

This follows Mermaid's ``journey.jison`` rule for rule, as jison compiles it
(checked against the lexer in Mermaid 11's build). The lexer is
case-insensitive and, like every jison lexer, takes the *first* rule that
matches (not the longest); a rule written as a quoted word (``"journey"``)
must end at a word boundary. Statements need no line breaks between them:
each token ends where its pattern ends, so ``}title X`` is a block's end and
a title. What is left to the reader is the meaning (``_reading``).
"""

from __future__ import annotations

import re

import attrs

from journeykit import _checks as c
from journeykit.errors import FormatError
from journeykit.formats.mermaid import _js
from journeykit.formats.mermaid._source import Prepared

_WS = _js.WS
_FLAGS = re.IGNORECASE | re.ASCII

# (name, pattern) in jison's order; a name of None skips what it matches.
_INITIAL: tuple[tuple[str | None, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, _FLAGS))
    for name, pattern in (
        # journey.jison writes `\%%(?!\{)`; jison compiles it to one `%`.
        (None, r"%(?!\{)[^\n]*"),
        (None, r"[^}]%%[^\n]*"),
        ("NEWLINE", r"\n+"),
        (None, rf"[{_WS}]+"),
        (None, r"#[^\n]*"),
        ("journey", r"journey\b"),
        ("title", rf"title[{_WS}][^#\n;]+"),
        ("acc_title", rf"accTitle[{_WS}]*:[{_WS}]*"),
        ("acc_descr", rf"accDescr[{_WS}]*:[{_WS}]*"),
        ("acc_descr_block", rf"accDescr[{_WS}]*\{{[{_WS}]*"),
        ("section", rf"section[{_WS}][^#:\n;]+"),
        ("task_name", r"[^#:\n;]+"),
        ("task_data", r":[^#\n;]+"),
        (":", r":"),
    )
)
_REST_OF_LINE = re.compile(r"[^\n]*")
_BLOCK_BODY = re.compile(r"[^}]*")


@attrs.frozen
class Token:
    kind: str
    text: str
    at: int  # offset in the preprocessed text


def tokens(text: str) -> list[Token]:
    """The tokens of a preprocessed diagram, ending with ``EOF``.

    Like Mermaid, this reads ``text`` with a line break added at its end.
    An ``accTitle:`` or ``accDescr:`` whose text would start at the end, or
    an ``accDescr {`` never closed, ends the input inside a lexer state that
    has no end-of-input rule: jison then gives the parser its own end
    marker, which the grammar does not expect (``ENDED``).
    """
    text += "\n"
    out: list[Token] = []
    position = 0
    end = len(text)
    while position < end:
        kind, match = next(
            ((kind, m) for kind, p in _INITIAL if (m := p.match(text, position))), (None, None)
        )
        if match is None:
            out.append(Token("INVALID", text[position], position))
            position += 1
            continue
        if kind is not None and kind != "acc_descr_block":
            out.append(Token(kind, match.group(), position))
        position = match.end()
        if kind in ("acc_title", "acc_descr"):
            value = _REST_OF_LINE.match(text, position)
            assert value is not None
            if position == end:
                keyword = match.group().rstrip(_js.WHITESPACE + ":")
                ended = f"{keyword!r} has no text before the diagram ends"
                return [*out, Token("ENDED", ended, match.start())]
            out.append(Token(f"{kind}_value", value.group(), position))
            position = value.end()
        elif kind == "acc_descr_block":
            value = _BLOCK_BODY.match(text, position)
            assert value is not None
            if value.end() == end:
                ended = "'accDescr {' is never closed with '}'"
                return [*out, Token("ENDED", ended, match.start())]
            if value.group():
                out.append(Token("acc_descr_block_value", value.group(), position))
            position = value.end() + 1
    out.append(Token("EOF", "", end - 1))
    return out


@attrs.frozen
class Statement:
    """One statement of the diagram: its kind, its text as the grammar takes it, where."""

    kind: str  # title, acc_title, acc_descr, section or task
    value: str
    at: int  # offset in the original text
    data: str = ""  # a task's ":score: actors"
    data_at: int = 0


def statements(prepared: Prepared, source: str | None) -> list[Statement]:
    """The statements of a diagram, or a :class:`FormatError` where Mermaid's parser fails."""
    body = prepared.body

    def fail(message: str, offset: int) -> FormatError:
        line, column = prepared.lines.position(body.origin(offset) if body.text else offset)
        return FormatError(message, source=source, line=line, column=column)

    if not re.match(rf"[{_WS}]*journey", body.text):
        found = re.match(r"\S{1,40}", body.text)
        what = f"found {c.show(found.group())}" if found else "found nothing but comments"
        if found and found.group().startswith("---"):
            what += " (a front matter must come first, before any comment or directive)"
        raise fail(
            f"expected 'journey', the first word of a Mermaid user journey diagram; {what}", 0
        )
    stream = tokens(body.text)
    if stream[0].kind != "journey":
        raise fail(f"expected 'journey' alone, found {c.show(stream[0].text)}", stream[0].at)
    out: list[Statement] = []
    i = 1
    while stream[i].kind != "EOF":
        token = stream[i]
        kind = token.kind
        at = body.origin(token.at)
        if kind == "NEWLINE":
            pass
        elif kind == "title":
            out.append(Statement("title", token.text[6:], at))
        elif kind == "section":
            out.append(Statement("section", token.text[8:], at))
        elif kind in ("acc_title", "acc_descr"):
            i += 1
            value = stream[i]
            if value.kind == "ENDED":
                raise fail(value.text, value.at)
            out.append(Statement(kind, value.text, body.origin(value.at) if value.text else at))
        elif kind == "acc_descr_block_value":
            out.append(Statement("acc_descr", token.text, at))
        elif kind == "task_name":
            data = stream[i + 1]
            if data.kind != "task_data":
                end = token.at + len(token.text)
                hash_sign = body.text.startswith("#", end)
                raise fail(_after_task_name(token, data, hash_sign), end)
            i += 1
            out.append(Statement("task", token.text, at, data.text, body.origin(data.at)))
        else:
            raise fail(_unexpected(token), token.at)
        i += 1
    return out


_TASK_SHAPE = "a task reads 'Task name: score: Actor, Actor'"


def _after_task_name(name: Token, found: Token, hash_sign: bool) -> str:
    task = c.show(name.text.rstrip())
    if found.kind == ":":
        return f"expected a score after ':' in the task {task} ({_TASK_SHAPE})"
    if found.kind == "INVALID":
        return f"';' cannot stand in a task name ({task}); write #59; for it"
    hint = "; '#' starts a comment, write #35; for it" if hash_sign else ""
    return f"expected ':' and a score after the task {task} ({_TASK_SHAPE}){hint}"


def _unexpected(token: Token) -> str:
    if token.kind == "INVALID":
        return "';' cannot stand here: a journey diagram has no use for it (#59; writes one)"
    if token.kind in ("task_data", ":"):
        return f"expected a task name before ':' ({_TASK_SHAPE})"
    if token.kind == "ENDED":
        return token.text
    if token.kind == "journey":
        return (
            f"{c.show(token.text)} is the diagram's first word and cannot start another "
            "line (Mermaid reads it as the keyword even in a task name)"
        )
    return f"unexpected {c.show(token.text)}"
