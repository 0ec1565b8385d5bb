"""``python -m journeykit``: the same as the ``journeykit`` command."""

from journeykit.cli import run

if __name__ == "__main__":
    run()
