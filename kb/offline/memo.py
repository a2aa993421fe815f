"""Index terms of words, kept in a file between intranet exports.

Analysing a Finnish word with Voikko costs about 2.5 ms, and an export
analyses every distinct word of every card: on real content a first
export spends most of its time there. The memo keeps each word's terms
(``kb.search.analysis.token_terms``) in a JSON file beside the search
index, so the next export, in a new process, analyses only new words.
The file is a :mod:`kb.search.termfile` (of the search schema version;
another version, or one that cannot be read, is ignored and written
anew). It holds the words of the last export only, so it does not grow
with words no card has any more.
"""
import os

from kb.search import termfile
from kb.search.analysis import token_terms

FILE_NAME = 'offline-terms.json'


class TermMemo:
    """Word → index terms per language, read from and saved to
    ``path`` (None: kept in memory only)."""

    def __init__(self, path=None):
        self.path = path
        self.known = termfile.read(path) if path else {}
        self.used = {}

    def terms(self, word, lang):
        """The index terms of ``word`` (lower case) in ``lang``."""
        found = self.known.get(lang, {}).get(word)
        if found is None:
            found = list(token_terms(word, lang))
        self.used.setdefault(lang, {})[word] = found
        return found

    def save(self):
        """Write the words used since it was read, if that changes the
        file."""
        # NB: every word used was known or added: equal means unchanged
        if not self.path or self.used == self.known:
            return
        termfile.write(self.path, self.used)
        self.known, self.used = self.used, {}


def memo_for(settings):
    """The memo beside the search index named by ``settings``."""
    index_dir = (settings or {}).get('kb.search.index_dir')
    return TermMemo(os.path.join(index_dir, FILE_NAME) if index_dir
                    else None)
