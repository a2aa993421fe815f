"""User administration and API tokens."""
from pyramid.httpexceptions import HTTPCreated
from pyramid.view import view_config, view_defaults

from kb import security
from kb.accounts.users import (
    CHANGEABLE,
    add_user,
    change_mail,
    change_user,
    describe_user,
    issue_token,
    reset_password,
    revoke_token,
    user_tokens,
)
from kb.clock import stamp
from kb.errors import NotFoundError, ValidationError
from kb.i18n import _
from kb.interfaces import IRoot, IUser
from kb.views.common import json_body, versioning

USER_KEYS = ('name', 'role', 'password', 'provider', 'point', 'points',
             'locale')


@view_config(route_name='api.users', request_method='GET', context=IRoot,
             renderer='json', permission=security.ADMIN)
def list_users(request):
    return {'items': [describe_user(u) for u in request.root['users']
                      .values()]}


@view_config(route_name='api.users', request_method='POST', context=IRoot,
             renderer='json', permission=security.ADMIN)
def create_user(request):
    body = json_body(request, allowed=USER_KEYS,
                     required=('name', 'role', 'password'))
    user = add_user(
        request.root, request.registry, request.user.name, body['name'],
        body['role'], body['password'], body.get('provider'),
        body.get('point'), body.get('locale'), body.get('points'),
    )
    response = HTTPCreated(
        location=request.route_url('api.user', name=user.name))
    response.json_body = describe_user(user)
    response.content_type = 'application/json'
    return response


@view_defaults(context=IUser, renderer='json', permission=security.SELF,
               hide_without=security.SELF)
class UserViews:
    """A user's own record and tokens (or any user's, for admins); to
    anyone else the user does not exist."""

    def __init__(self, context, request):
        self.context = context
        self.request = request

    @view_config(route_name='api.user', request_method='GET')
    def get(self):
        return describe_user(self.context)

    @view_config(route_name='api.user', request_method='PATCH',
                 permission=security.ADMIN)
    def change(self):
        """Role, provider, point or points, or active (administrators; a
        user learns only that they may not change themselves)."""
        body = json_body(self.request, allowed=CHANGEABLE)
        change_user(self.request.root, self.request.registry,
                    self.request.user.name, self.context, **body)
        return describe_user(self.context)

    @view_config(route_name='api.user.password', request_method='POST',
                 permission=security.ADMIN)
    def password(self):
        """Set a new password (administrators)."""
        body = json_body(self.request, allowed=('password',),
                         required=('password',))
        reset_password(self.request.root, self.request.registry,
                       self.request.user.name, self.context,
                       body['password'])
        return describe_user(self.context)

    @view_config(route_name='api.user.mail', request_method='PUT')
    def mail(self):
        """The user's work e-mail address and when to mail them (the
        user themselves, or administrators)."""
        body = json_body(self.request, allowed=('email', 'mail'))
        change_mail(self.request.registry, self.request.user.name,
                    self.context, **body)
        return describe_user(self.context)

    @view_config(route_name='api.user.tokens', request_method='GET')
    def tokens(self):
        return {'items': user_tokens(self.request.root, self.context)}

    @view_config(route_name='api.user.tokens', request_method='POST')
    def new_token(self):
        body = json_body(self.request, allowed=('label',))
        label = body.get('label', '')
        if not isinstance(label, str) or len(label) > 100:
            raise ValidationError(
                _('The label is text of at most 100 characters.'),
                details=[{'field': 'label', 'message': ''}])
        acting = versioning(self.request)
        token = issue_token(self.request.root, self.request.registry,
                            acting.actor, self.context, label,
                            stamp(acting.now))
        self.request.response.status_int = 201
        return {'token': token, 'label': label}

    @view_config(route_name='api.user.token', request_method='DELETE')
    def revoke(self):
        token_id = self.request.matchdict['token']
        if not revoke_token(self.request.root, self.request.registry,
                            self.request.user.name, self.context, token_id):
            raise NotFoundError(_('Not found.'))
        return {'revoked': token_id}
