"""Mermaid ``journey`` diagrams in and out.

:func:`from_mermaid` reads a Mermaid user journey diagram exactly as Mermaid
does (its ``journey.jison`` grammar and its preprocessing of front matter,
directives and comments); :func:`to_mermaid` writes one that Mermaid draws,
with ``%% journeykit:`` comment lines keeping what Mermaid cannot hold, so
that reading it back gives the same journey. docs/mermaid.md has the whole
mapping.

Examples
--------
>>> import journeykit as jk
>>> j = jk.from_mermaid('''
... journey
...     title My working day
...     section Go to work
...       Make tea: 5: Me
...       Do work: 1: Me, Cat
... ''')
>>> [tp.emotion for tp in j.touchpoints]
[1.0, -1.0]
>>> [p.name for p in j.personas]
['Me', 'Cat']
>>> print(jk.to_mermaid(j), end="")
journey
    title My working day
    section Go to work
      Make tea: 5: Me
      Do work: 1: Me, Cat
"""

from __future__ import annotations

from journeykit._checks import require
from journeykit.formats._text import decode
from journeykit.formats.mermaid._reading import read
from journeykit.formats.mermaid._scores import emotion_to_score, score_to_emotion
from journeykit.formats.mermaid._writing import write
from journeykit.model import Journey

__all__ = [
    "MERMAID",
    "MermaidFormat",
    "emotion_to_score",
    "from_mermaid",
    "looks_like_mermaid",
    "score_to_emotion",
    "to_mermaid",
]


def from_mermaid(text: str | bytes, *, source: str | None = None) -> Journey:
    """Read a Mermaid ``journey`` diagram.

    Sections become stages, tasks touchpoints and actors personas (in the
    order they first appear); a task's score (1 to 5) becomes the emotion
    ``(score - 3) / 2`` of the touchpoint and of each of its actors. The
    ``%% journeykit:`` notes that :func:`to_mermaid` writes bring back
    what Mermaid cannot hold.

    Parameters
    ----------
    text : str or bytes
        The diagram; bytes must be UTF-8.
    source : str, optional
        A name for the text (a file name) used in messages.

    Returns
    -------
    Journey

    Raises
    ------
    FormatError
        Mermaid would not draw the text; the error names the line, the
        column and what was expected there.
    ValidationError
        A note holds something the journey format does not allow.

    Warns
    -----
    FormatWarning
        Something in the diagram is read differently or left out: a score
        outside 1 to 5 or not a number, text after a third ``:`` (which
        Mermaid ignores too), an ``accTitle`` that differs from the title, a
        note that no longer matches an edited line.

    Examples
    --------
    >>> import journeykit as jk
    >>> j = jk.from_mermaid("journey\\n  section Order\\n    Pays: 2: Ann, Bo\\n")
    >>> j.touchpoint("pays").emotions
    FrozenMap({'ann': -0.5, 'bo': -0.5})
    >>> jk.from_mermaid("journey\\n  section Order\\n    Pays 2\\n", source="order.mmd")
    Traceback (most recent call last):
    ...
    journeykit.errors.FormatError: order.mmd, line 3, column 11: expected ':' and a score \
after the task 'Pays 2' (a task reads 'Task name: score: Actor, Actor')
    """
    if isinstance(text, bytes | bytearray):
        text = decode(bytes(text), source)
    require(text, str, "text", "from_mermaid")
    return read(text, source)


def to_mermaid(journey: Journey, *, notes: bool = True) -> str:
    """Write a journey as a Mermaid ``journey`` diagram.

    Names are written so that Mermaid reads them (a look-alike character
    for ``:``, ``#``, ``;`` and ``,``, ``<br>`` for a line break); the
    score of a task is ``round(3 + 2 × emotion)``.

    Parameters
    ----------
    journey : Journey
    notes : bool, default True
        Keep what Mermaid cannot hold (ids, channels, pain points,
        opportunities, metrics, flows, exact emotions and names…) in
        ``%% journeykit:`` comment lines, which Mermaid skips, so that
        ``from_mermaid(to_mermaid(j)) == j``. ``False`` writes the bare
        diagram and warns with what it leaves out.

    Returns
    -------
    str
        The diagram's text, ending with a newline.

    Warns
    -----
    FormatWarning
        With ``notes=False``, when the diagram cannot hold all of the journey;
        when the diagram is longer than Mermaid draws by default (50,000
        characters).

    Examples
    --------
    >>> import journeykit as jk
    >>> tp = jk.Touchpoint(name="Pays: card #2", emotion=-0.5, reach=120)
    >>> j = jk.Journey(title="Order", stages=[jk.Stage(name="Pay", touchpoints=[tp])])
    >>> print(jk.to_mermaid(j))
    journey
        title Order
        section Pay
          Pays#58; card #35;2: 2
          %% journeykit: {"id": "pays-card-2", "reach": 120}
    <BLANKLINE>
    """
    require(journey, Journey, "journey", "to_mermaid")
    return write(journey, notes=notes)


def looks_like_mermaid(text: str) -> bool:
    """Whether ``text`` starts like a Mermaid journey diagram (to guess a format).

    Parameters
    ----------
    text : str
        The start of a document.

    Returns
    -------
    bool
        True when its first word, past comments and front matter, is ``journey``.

    Examples
    --------
    >>> looks_like_mermaid("%% a comment\\njourney\\n  title Tea\\n")
    True
    >>> looks_like_mermaid("title: Tea")
    False
    """
    lines = iter(text.lstrip("\ufeff").splitlines())
    for line in lines:
        stripped = line.strip()
        if not stripped or stripped.startswith("%%"):
            continue
        if stripped == "---":
            for inner in lines:
                if inner.strip() == "---":
                    break
            continue
        word = stripped.split(None, 1)[0]
        return word == "journey"
    return False


class MermaidFormat:
    """The ``mermaid`` format of the registry: ``.mmd`` and ``.mermaid`` files."""

    name = "mermaid"
    suffixes = (".mmd", ".mermaid")
    media_type = "text/vnd.mermaid"

    def read(self, text: str, source: str | None = None) -> Journey:
        """Read a diagram, as :func:`from_mermaid` does.

        Parameters
        ----------
        text : str
            The diagram.
        source : str, optional
            A name for the text (a file name) used in messages.

        Returns
        -------
        Journey
        """
        return read(text, source)

    def write(self, journey: Journey) -> str:
        """Write a diagram with its notes, as :func:`to_mermaid` does.

        Parameters
        ----------
        journey : Journey
            The journey to write.

        Returns
        -------
        str
        """
        return write(journey)


MERMAID = MermaidFormat()
