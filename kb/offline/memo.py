"""Index terms of words, kept in a file between intranet exports.

Analysing a Finnish word with Voikko costs about 2.5 ms, and an export
analyses every distinct word of every card: on real content a first
export spends most of its time there. The memo keeps each word's terms
(``kb.search.analysis.token_terms``) in a JSON file beside the search
index, so the next export, in a new process, analyses only new words.
The file names the search schema version; a memo of another version, or
one that cannot be read, is ignored and written anew. It holds the words
of the last export only, so it does not grow with words no card has any
more.
"""
import json
import logging
import os
import tempfile

from kb.search.analysis import token_terms
from kb.search.documents import SCHEMA_VERSION

log = logging.getLogger(__name__)
FILE_NAME = 'offline-terms.json'


class TermMemo:
    """Word → index terms per language, read from and saved to
    ``path`` (None: kept in memory only)."""

    def __init__(self, path=None):
        self.path = path
        self.known = self._read() if path else {}
        self.used = {}

    def _read(self):
        try:
            with open(self.path, encoding='utf-8') as stream:
                data = json.load(stream)
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            log.warning('ignoring the term memo %s: %s', self.path, error)
            return {}
        if not isinstance(data, dict) or \
                data.get('version') != SCHEMA_VERSION or \
                not isinstance(data.get('terms'), dict):
            return {}
        return data['terms']

    def terms(self, word, lang):
        """The index terms of ``word`` (lower case) in ``lang``."""
        found = self.known.get(lang, {}).get(word)
        if found is None:
            found = list(token_terms(word, lang))
        self.used.setdefault(lang, {})[word] = found
        return found

    def save(self):
        """Write the words used since it was read, if that changes the
        file (into a temporary file renamed over the old one, so a reader
        never sees half)."""
        # NB: every word used was known or added: equal means unchanged
        if not self.path or self.used == self.known:
            return
        folder = os.path.dirname(self.path)
        os.makedirs(folder, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix='.terms-', dir=folder)
        try:
            with os.fdopen(handle, 'w', encoding='utf-8') as stream:
                json.dump({'version': SCHEMA_VERSION, 'terms': self.used},
                          stream, ensure_ascii=False,
                          separators=(',', ':'))
            os.replace(temporary, self.path)
        except BaseException:
            os.unlink(temporary)
            raise
        self.known, self.used = self.used, {}


def memo_for(settings):
    """The memo beside the search index named by ``settings``."""
    index_dir = (settings or {}).get('kb.search.index_dir')
    return TermMemo(os.path.join(index_dir, FILE_NAME) if index_dir
                    else None)
