"""Closing an advisor's flag from the card's editor page."""
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from kb import security
from kb.errors import StateConflictError
from kb.interfaces import IRoot
from kb.tickets.desk import close_flag


@view_config(route_name='editor.flag.close', request_method='POST',
             context=IRoot, permission=security.ANALYTICS)
def close(request):
    """Close the flag with what was done; back to the card's page (also
    after a second click, which changes nothing)."""
    try:
        card = close_flag(request.root['tickets'], request.user,
                          request.matchdict['provider'],
                          request.matchdict['id'],
                          request.POST.get('resolution', ''),
                          request.registry.notify).card
    except StateConflictError as closed:
        card = closed.details['card']
    return HTTPSeeOther(request.route_path(
        'editor.card.edit', id=card, _anchor='h-flags'))
