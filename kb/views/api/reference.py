"""Reference data: performance types, life events and the workflows in
force (providers and service points: :mod:`kb.views.api.directory`)."""
from pyramid.view import view_config

from kb import refdata, security
from kb.interfaces import IRoot

#: The languages a performance type is named in besides Finnish (a name
#: not translated yet is null).
NAME_LANGUAGES = ('sv', 'se', 'en')


def _config(route):
    return view_config(route_name=route, request_method='GET',
                       context=IRoot, renderer='json',
                       permission=security.NO_PERMISSION_REQUIRED)


@_config('api.suoritteet')
def suoritteet(request):
    on = request.params.get('date') or '9999-12-31'
    prices = request.root['prices']
    items = []
    for code, entry in refdata.suoritteet().items():
        priced = {}
        for provider in entry['prices']:
            price = prices.price(provider, code, on)
            if price is not None:
                priced[provider] = {'minutes': price[0],
                                    'price_eur': str(price[1])}
        names = {f'name_{lang}': entry.get(f'name_{lang}')
                 for lang in ('fi',) + NAME_LANGUAGES}
        items.append({'code': code, **names, 'prices': priced})
    return {'items': items}


@_config('api.life_events')
def life_events(request):
    return {'items': list(refdata.life_events().values())}


@_config('api.workflows')
def workflows(request):
    registry = request.registry.workflows
    return {'items': [
        {
            'name': wf.name,
            'title': wf.title,
            'default': wf.default,
            'providers': list(wf.providers),
            'initial': wf.initial,
            'states': {
                s.name: {'title': s.title, 'stage': s.stage,
                         'view': list(s.view), 'edit': list(s.edit)}
                for s in wf.states.values()
            },
            'transitions': {
                t.name: {'title': t.title, 'from': list(t.sources),
                         'to': t.target, 'roles': list(t.roles),
                         'guards': list(t.guards),
                         'comment_required': t.comment_required,
                         'effective_date': t.effective_date}
                for t in wf.transitions.values()
            },
        }
        for wf in registry.all.values()
    ]}
