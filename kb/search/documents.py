"""What goes into the search index: one document per language of a
card's published version, of its working copy, and of a notice.

Text fields hold pre-analysed terms (see :mod:`kb.search.analysis`), so
one schema serves every language with its own morphology; the original
texts are stored beside them for result listings and highlights.
Who may find a document is decided here from the card's real ACL, so
search can never be more generous than reading.
"""
from pyramid.authorization import ACLHelper
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from kb import security
from kb.interfaces import ICard, INotice
from kb.search.analysis import index_terms

#: Schema version: bump when the schema, the analysis or what a card's
#: documents hold changes, and the next start rebuilds the index (3: a
#: published service package is in the public audience).
SCHEMA_VERSION = '3'
#: Text fields and their weights (title and keywords weigh most).
WEIGHTS = {
    'title': 6.0,
    'keywords': 4.0,
    'summary': 2.0,
    'description': 1.0,
    'instructions': 1.0,
    'advisor': 1.0,
}
PUBLIC_FIELDS = ('title', 'keywords', 'summary', 'description',
                 'instructions')
INTRANET_FIELDS = PUBLIC_FIELDS + ('advisor',)
ADVISOR = security.ADVISOR_PRINCIPALS


def make_schema():
    fields = {
        'key': ID(unique=True, stored=True),
        # NB: sortable, so collapsing by card reads a column instead of
        # rebuilding per-document data on every new searcher
        'group': ID(stored=True, sortable=True),
        'ref': ID(stored=True),
        'kind': ID(stored=True),
        'provider': ID(stored=True),
        'variant': ID(stored=True),
        'lang': ID(stored=True),
        'audience': KEYWORD(stored=True),
        'channel': KEYWORD(stored=True),
        'life_event': KEYWORD(stored=True),
        'point': ID(stored=True),
        'valid_from': ID(stored=True),
        'valid_until': ID(stored=True),
        'version': STORED,
        'state': STORED,
        'langs': STORED,
        'text': STORED,  # the original texts, by field
    }
    for name, weight in WEIGHTS.items():
        fields[name] = TEXT(analyzer=SpaceSeparatedTokenizer(),
                            field_boost=weight, phrase=False)
    return Schema(**fields)


def card_group(card_id):
    return f'card:{card_id}'


def notice_group(provider, notice_id):
    return f'notice:{provider}:{notice_id}'


def _texts(texts, intranet):
    """Original texts of one language, by index field."""
    result = {
        'title': texts.get('title', ''),
        'summary': '\n'.join(
            t for t in (texts.get('summary'), texts.get('plain_summary'))
            if t),
        'description': texts.get('description', ''),
        'instructions': texts.get('user_instructions', ''),
        'keywords': ', '.join(texts.get('keywords', ())),
    }
    if intranet:
        result['advisor'] = texts.get('advisor_instructions', '')
    return result


def _documents(group, ref, base, content_texts, intranet):
    docs = []
    langs = sorted(content_texts)
    for lang in langs:
        original = _texts(content_texts[lang], intranet)
        doc = dict(base, key=f'{group}:{base["variant"]}:{lang}',
                   group=group, ref=ref, lang=lang, langs=langs,
                   text=original)
        for name, text in original.items():
            doc[name] = index_terms(text, lang)
        docs.append(doc)
    return docs


def card_documents(card, today):
    """The documents of a card as it stands (``today`` decides which
    version is live)."""
    helper = ACLHelper()
    group = card_group(card.id)
    docs = []
    live = card.live_number(today)
    if live is not None:
        audience = [name for name, principals in (
            ('public', security.public_principals(card.kind)),
            ('advisor', ADVISOR)) if helper.permits(
                card, principals, security.VIEW)]
        if audience:
            content = card.versions[live].content
            intranet = bool(helper.permits(card, ADVISOR,
                                           security.VIEW_INTRANET))
            docs += _documents(group, card.id, _base(
                card, content, 'published', live, audience), content[
                    'content'], intranet)
    if card.working is not None:
        content = card.versions[card.working].content
        docs += _documents(group, card.id, _base(
            card, content, 'working', card.working, ['editors']),
            content['content'], True)
    return docs


def _base(card, content, variant, number, audience):
    return {
        'kind': card.kind,
        'provider': card.provider,
        'variant': variant,
        'audience': ' '.join(audience),
        'channel': ' '.join(content.get('channels') or ()),
        'life_event': ' '.join(content.get('life_events') or ()),
        'version': number,
        'state': card.state,
    }


def notice_documents(notice):
    audience = 'advisor public' if notice.public else 'advisor'
    base = {
        'kind': 'notice',
        'provider': notice.provider,
        'variant': 'notice',
        'audience': audience,
        'point': notice.point or '*',
        'valid_from': notice.valid_from,
        'valid_until': notice.valid_until,
        'version': 0,
        'state': notice.kind,
    }
    texts = {
        lang: {'title': t['title'], 'description': t['body']}
        for lang, t in notice.texts.items()
    }
    return _documents(notice_group(notice.provider, notice.id), notice.id,
                      base, texts, False)


def group_documents(root, group, today):
    """The documents a queue key stands for now (none if it is gone)."""
    kind, _, rest = group.partition(':')
    if kind == 'card':
        card = root['cards'].get(rest)
        return card_documents(card, today) if card is not None else []
    provider, _, notice_id = rest.partition(':')
    folder = root['providers'].get(provider)
    notice = folder['notices'].get(notice_id) if folder else None
    return notice_documents(notice) if notice is not None else []


def all_groups(root):
    """Every queue key the database holds."""
    groups = [card_group(card_id) for card_id in root['cards'].data.keys()]
    for code, provider in root['providers'].items():
        groups += [notice_group(code, notice_id)
                   for notice_id in provider['notices'].data.keys()]
    return groups


def group_of(obj):
    """The queue key of a card or notice, or None."""
    if ICard.providedBy(obj):
        return card_group(obj.id)
    if INotice.providedBy(obj):
        return notice_group(obj.provider, obj.id)
    return None
