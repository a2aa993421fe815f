"""Our Markdown → the plain text PTV descriptions hold.

PTV v11 takes descriptions as plain text: line breaks are kept, markup
is not interpreted (the spec names no markup at all). So we keep the
structure a reader sees — paragraphs separated by a blank line, list
items on their own lines as ``- item`` or ``1. item`` — and drop the
syntax a reader would otherwise see: emphasis marks, heading hashes,
code ticks, HTML tags (scripts and styles whole); a link becomes
``label (address)``.
"""
import re

_HEADING = re.compile(r'^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$')
_BULLET = re.compile(r'^(\s*)[-*+]\s+(.*)$')
_NUMBERED = re.compile(r'^(\s*)(\d+)[.)]\s+(.*)$')
_LINK = re.compile(r'!?\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)')
_AUTOLINK = re.compile(r'<((?:https?|mailto):[^>\s]+)>')
_TAG = re.compile(r'</?[A-Za-z][^>]*>')
_SCRIPT = re.compile(r'<(script|style)\b.*?(?:</\1\s*>|$)', re.I | re.S)
_STRONG = re.compile(r'(\*\*|__)(?=\S)(.+?)(?<=\S)\1')
_EMPHASIS = re.compile(r'(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])')
_UNDERSCORE = re.compile(r'(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)')
_CODE = re.compile(r'`+([^`]*)`+')
_ESCAPE = re.compile(r'\\([\\`*_{}\[\]()#+\-.!>])')
_RULE = re.compile(r'^\s{0,3}([-*_])(\s*\1){2,}\s*$')
_QUOTE = re.compile(r'^\s{0,3}>\s?')
#: A character without which no inline pattern can match.
_MARKUP = re.compile(r'[\\`*_\[<]')
_PRIVATE = 0xE000
_HIDDEN = re.compile('[\ue000-\ue07f]')


def _inline(text):
    if not _MARKUP.search(text):
        return text  # most sentences: nothing to drop
    # NB: escaped characters hide in the private-use area meanwhile
    text = _ESCAPE.sub(lambda m: chr(_PRIVATE + ord(m.group(1))), text)
    text = _CODE.sub(r'\1', text)
    text = _LINK.sub(
        lambda m: m.group(2) if m.group(1) in ('', m.group(2))
        else f'{m.group(1)} ({m.group(2)})',
        text,
    )
    text = _AUTOLINK.sub(r'\1', text)
    text = _TAG.sub('', _SCRIPT.sub('', text))
    text = _STRONG.sub(r'\2', text)
    text = _EMPHASIS.sub(r'\1', text)
    text = _UNDERSCORE.sub(r'\1', text)
    return _HIDDEN.sub(lambda m: chr(ord(m.group()) - _PRIVATE), text)


def _blocks(markdown):
    """``(is_item, text)`` for each paragraph, heading and list item;
    a block's continuation lines are joined with spaces."""
    lines = []
    is_item = False
    for raw in markdown.replace('\r\n', '\n').split('\n'):
        line = _QUOTE.sub('', raw.rstrip())
        heading = _HEADING.match(line)
        bullet = _BULLET.match(line)
        numbered = _NUMBERED.match(line)
        starts = heading or bullet or numbered
        if lines and (starts or not line.strip() or _RULE.match(line)):
            yield is_item, ' '.join(lines)
            lines = []
        if heading:
            yield False, heading.group(1)
        elif bullet:
            is_item, lines = True, [f'{bullet.group(1)}- {bullet.group(2)}']
        elif numbered:
            is_item = True
            lines = [f'{numbered.group(1)}{numbered.group(2)}. '
                     f'{numbered.group(3)}']
        elif line.strip() and not _RULE.match(line):
            if not lines:
                is_item = False
            lines.append(line.strip())
    if lines:
        yield is_item, ' '.join(lines)


def plain_text(markdown):
    """``markdown`` as PTV plain text (see the module docstring)."""
    result = ''
    previous_item = False
    for is_item, text in _blocks(markdown or ''):
        # NB: an item keeps its indentation (nesting)
        text = _inline(text).rstrip()
        if not is_item:
            text = text.lstrip()
        if not text.strip():
            continue
        if result:
            result += '\n' if is_item and previous_item else '\n\n'
        result += text
        previous_item = is_item
    return result


def same_text(a, b):
    """True if two texts read the same (PTV's "the name must differ
    from the summary"): equal after trimming, ignoring case."""
    return (isinstance(a, str) and isinstance(b, str)
            and a.strip().casefold() == b.strip().casefold())


_SENTENCE_END = re.compile(r'(?<=[.!?])\s|\n')


def lead(text, limit):
    """The opening of plain ``text`` in at most ``limit`` characters:
    its first sentence if that fits, else its first words and "…"."""
    first = _SENTENCE_END.split(text.strip(), maxsplit=1)[0].strip()
    if len(first) <= limit:
        return first
    cut = first[:limit - 1]
    if ' ' in cut:
        cut = cut.rsplit(' ', 1)[0]
    return cut.rstrip(' ,;:') + '…'
