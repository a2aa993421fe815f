"""Cards we have not seen: any card the exchange format accepts maps to a
document PTV would take (or is refused for a reason the editor can fix).

Random cards within our schema, with a fixed seed so that a failure can
be replayed: odd lengths, every content language, Markdown and HTML,
summaries that repeat the title, texts only in some fields.
"""
import random

import pytest

WORDS = ('palvelu', 'hakemus', 'Kela', 'tjänst', 'ansökan', 'bálvalus',
         'ohcan', 'ä', 'Å', '–', '"lainaus"', '&', '<b>', 'https://a.fi',
         '**vahva**', '_kursiivi_', '`koodi`', '#', '1.', '-', '\\*')
MARKDOWN = ('# Otsikko\n\n', '- kohta\n', '1. vaihe\n', '> lainaus\n',
            '[linkki](https://www.suomi.fi)', '<script>x()</script>',
            '\n\n', '---\n', '  ', '<br>')


def _text(rng, limit, markdown=False):
    parts = []
    target = rng.choice((1, 3, limit // 4, limit))
    while sum(map(len, parts)) < target:
        pool = MARKDOWN + WORDS if markdown else WORDS
        parts.append(rng.choice(pool) + rng.choice((' ', '. ', ', ', '')))
    return ''.join(parts)[:limit]


def _card(rng, number):
    from kb import refdata
    from kb.cards.exchange_format import TEXT_LIMITS
    content = {}
    for lang in rng.sample(refdata.LANGUAGES, rng.randint(1, 4)):
        texts = {'title': _text(rng, TEXT_LIMITS['title']).strip() or 'T'}
        texts['summary'] = rng.choice((
            texts['title'], texts['title'].upper() + ' ',
            _text(rng, TEXT_LIMITS['summary']).strip() or 'S'))
        for field in ('description', 'user_instructions', 'plain_summary'):
            if rng.random() < 0.5:
                texts[field] = _text(rng, TEXT_LIMITS[field], True)
        if rng.random() < 0.5:
            texts['keywords'] = [_text(rng, 100).strip() or 'k'
                                 for _ in range(rng.randint(0, 30))]
        content[lang] = texts
    return {
        'id': f'kortti-{number}',
        'provider': rng.choice(('kela', 'poliisi', 'vero', 'maistraatti',
                                'te', 'kunta')),
        'kind': 'service',
        'channels': rng.sample(refdata.CHANNELS,
                               rng.randint(0, len(refdata.CHANNELS))),
        'life_events': rng.sample(sorted(refdata.life_events()),
                                  rng.randint(0, 3)),
        'content': content,
    }


@pytest.mark.parametrize('seed', range(4))
def test_random_cards_of_our_format_pass_ptv_validation(seed, config):
    from kb.cards.exchange_format import Problems, check_card
    from kb.suomifi.config import MappingError
    from kb.suomifi.mapping import left_out, service_document
    from kb.suomifi.validation import problems
    rng = random.Random(seed)
    checked = 0
    for number in range(100):
        data = _card(rng, number)
        found = Problems()
        content = check_card(data, found)
        assert not found.items, found.items
        try:
            document = service_document(data['id'], data['provider'],
                                        content, 'published', config)
        except MappingError as exc:
            # only a card whose every summary repeats its title, with
            # nothing else to say, is refused
            assert [d['field'] for d in exc.details] == [
                f'content.{lang}.summary'
                for lang in sorted(content['content'])]
            continue
        assert problems(document, 'V9VmOpenApiServiceIn') == [], data
        for lang in left_out(content, document):
            texts = content['content'][lang]
            assert texts['summary'].strip().casefold() == \
                texts['title'].strip().casefold()
        checked += 1
    assert checked > 80
