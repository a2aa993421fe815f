"""The advisor intranet (theme ``intranet``): search, card pages,
tickets, flags, procedure guides and service packages, all under
``/intranet``. See ``docs/ui-intranet.md``."""


def includeme(config):  # pragma: no cover - configuration glue
    add = config.add_route
    add('intranet.home', '/intranet')
    add('intranet.search', '/intranet/')
    add('intranet.guides', '/intranet/guides')
    add('intranet.changes', '/intranet/changes.atom')
    add('intranet.whatsnew', '/intranet/changes')
    add('intranet.card', '/intranet/cards/{id}')
    add('intranet.card.flag', '/intranet/cards/{id}/flag')
    add('intranet.card.local', '/intranet/cards/{id}/local')
    add('intranet.point.cards', '/intranet/points/{code}/cards',
        traverse='/points/{code}')
    add('intranet.point.card', '/intranet/points/{code}/cards/{id}',
        traverse='/points/{code}')
    add('intranet.point.onsite', '/intranet/points/{code}/onsite',
        traverse='/points/{code}')
    add('intranet.point', '/intranet/point')
    add('intranet.tickets', '/intranet/tickets')
    add('intranet.ticket', '/intranet/tickets/{id}')
    for name in ('resolve', 'close', 'cancel'):
        add(f'intranet.ticket.{name}', f'/intranet/tickets/{{id}}/{name}')
