"""Words' index terms kept in a JSON file, so that a new process does
not analyse again the words an earlier one did (Voikko takes about a
millisecond a word).

The file is ``{"version": SCHEMA_VERSION, "terms": {lang: {word:
[term, ...]}}}``; a file of another search schema version, or one that
cannot be read, counts as empty (and is written anew by its owner). It is
written into a temporary file renamed over the old one, so a reader
never sees half of it.
"""
import json
import logging
import os
import tempfile

from kb.search.documents import SCHEMA_VERSION

log = logging.getLogger(__name__)


def read(path):
    """``{lang: {word: [term, ...]}}`` of the file at ``path`` (empty if
    there is none or it is unusable)."""
    try:
        with open(path, encoding='utf-8') as stream:
            data = json.load(stream)
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        log.warning('ignoring the term file %s: %s', path, error)
        return {}
    if not isinstance(data, dict) or \
            data.get('version') != SCHEMA_VERSION or \
            not isinstance(data.get('terms'), dict):
        return {}
    return data['terms']


def write(path, terms):
    """Replace the file at ``path`` with ``terms`` (as :func:`read`
    returns them)."""
    folder = os.path.dirname(path)
    os.makedirs(folder, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix='.terms-', dir=folder)
    try:
        with os.fdopen(handle, 'w', encoding='utf-8') as stream:
            json.dump({'version': SCHEMA_VERSION, 'terms': terms}, stream,
                      ensure_ascii=False, separators=(',', ':'))
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
