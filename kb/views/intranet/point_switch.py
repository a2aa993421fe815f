"""The point switch of a user who serves several service points
(Parainen's satellite points): the point of their service events from
now on, kept in the session (:func:`kb.security.service_point` checks
it against the user's points on every request)."""
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from kb import security
from kb.errors import ForbiddenError
from kb.i18n import _
from kb.i18n.labels import point_label
from kb.interfaces import IRoot
from kb.views.pages import safe_target


def point_choices(request):
    """``(code, name, its language)`` of the points the user may switch
    between; none for a user of one point (who has nothing to choose)."""
    points = security.own_points(request.user) if request.user else ()
    if len(points) < 2:
        return []
    lang = request.localizer.locale_name
    return [(code,) + point_label(request.directory, code, lang)
            for code in points]


@view_config(route_name='intranet.point', request_method='POST',
             context=IRoot, permission=security.INTRANET)
def switch_point(request):
    """Choose one of the user's points, then back to the page."""
    code = request.POST.get('point')
    if code not in security.own_points(request.user):
        raise ForbiddenError(_('You do not serve at this service point.'))
    request.session[security.POINT_KEY] = code
    name = point_label(request.directory, code,
                       request.localizer.locale_name)[0]
    request.session.flash(request.localizer.translate(_(
        'The service events you record are now at ${point}.',
        mapping={'point': name})))
    return HTTPSeeOther(safe_target(request, request.POST.get('came_from')))
