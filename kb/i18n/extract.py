"""The Lingua extractor of workflow titles: ``scripts/i18n`` puts the
titles of the states and transitions in ``workflows/*.toml`` into
``locales/kb.pot`` (registered in ``setup.cfg``; needs the ``testing``
extra, which brings Lingua)."""
from lingua.extractors import Extractor, Message

from kb.cards.workflow import titles


class WorkflowExtractor(Extractor):
    """Titles of workflow states and transitions (TOML)."""

    extensions = ['.toml']

    def __call__(self, filename, options, fileobj=None, firstline=0):
        for line, title in titles(filename):
            yield Message(None, title, None, [], '', '', (filename, line))
