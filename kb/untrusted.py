"""Text and JSON from outside (request bodies, addresses, forms, ``kb
import`` files), refused before anything stores or parses them deeply.

A lone surrogate cannot be encoded as UTF-8, so a page showing one fails
for good; NUL and the other C0 control characters cannot be written in
XML 1.0 (the Atom feed, the sitemap), and no form of ours needs them.
What is allowed is XML 1.0's ``Char``: tab, newline, carriage return and
every other character except surrogates, U+FFFE and U+FFFF.

JSON is parsed only after its nesting depth is counted, as Python's
parser recurses and a few thousand brackets exhaust the stack.
"""
import itertools
import json
import re

from kb.errors import KBError, ValidationError
from kb.i18n import _

#: The control characters and non-characters refused in any text from
#: outside (see the module doc), as the inside of a regular expression's
#: character class, in escapes that Python and ECMA-262 (the OpenAPI
#: document's patterns) both read.
CONTROL = r'\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff'
#: With the surrogates: a lone one is no Unicode text at all (I-JSON,
#: RFC 7493), so the document's patterns need not, and in most regular
#: expression engines cannot, name them.
REFUSED = CONTROL + r'\ud800-\udfff'
BAD_CHARACTER = re.compile(f'[{REFUSED}]')
#: A whole text without a control character (the document's pattern).
TEXT_PATTERN = f'^[^{CONTROL}]*$'
#: The deepest nesting of arrays and objects a JSON document may have;
#: a card is five levels deep, an import file six.
MAX_DEPTH = 32
#: A JSON string, its escapes included, whose brackets do not nest.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r'[^\[\]{}]+')
_STEP = {'[': 1, '{': 1, ']': -1, '}': -1}


def check_text(text, field):
    """Refuse ``text`` with a character of :data:`BAD_CHARACTER`.

    :param field: names the field in the error.
    :raises ValidationError: code ``bad_text``.
    """
    if BAD_CHARACTER.search(text):
        raise ValidationError(
            _('"${field}" contains a control character or broken Unicode.',
              mapping={'field': field}),
            details=[{'field': field, 'message': ''}],
            code='bad_text',
        )


def whole_number(value):
    """``value`` as an int if it is a whole number, JSON's ``56.0``
    included (JSON Schema counts it an integer); else as it is."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def nesting_depth(text):
    """How deep the arrays and objects of the JSON ``text`` nest,
    counted without parsing (brackets inside strings do not count)."""
    brackets = _NOT_BRACKET.sub('', _STRING.sub('', text))
    return max(itertools.accumulate(_STEP[each] for each in brackets),
               default=0)


def load_json(text, max_depth=MAX_DEPTH):
    """Parse the JSON ``text`` and check every string in it (keys too).

    :raises ValueError: for text that is not JSON.
    :raises KBError: code ``too_deep`` (400) when nested deeper than
        ``max_depth``.
    :raises ValidationError: code ``bad_text`` (see :func:`check_text`)
        naming the field by its path (``content.fi.title``).
    """
    if nesting_depth(text) > max_depth:
        raise KBError(
            _('The JSON nests deeper than ${max} levels.',
              mapping={'max': max_depth}), code='too_deep')
    document = json.loads(text)
    check_strings(document)
    return document


def check_strings(value, path=()):
    """Apply :func:`check_text` to every string in a parsed JSON
    ``value`` (its depth already bounded)."""
    if isinstance(value, str):
        check_text(value, '.'.join(path) or '(body)')
    elif isinstance(value, dict):
        for key, each in value.items():
            # NB: a key is named by its parent, never echoed back broken
            check_text(key, '.'.join(path) or '(body)')
            check_strings(each, path + (key,))
    elif isinstance(value, list):
        for index, each in enumerate(value):
            check_strings(each, path + (str(index),))
