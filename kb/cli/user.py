"""``kb user add``, ``change``, ``password`` and ``token``.

``kb user password`` is also the way back in for an administrator who
forgot their password.
"""
from kb import refdata
from kb.accounts.users import (
    add_user,
    change_user,
    issue_token,
    reset_password,
)
from kb.clock import stamp
from kb.errors import NotFoundError, ValidationError


def add_arguments(parser):
    actions = parser.add_subparsers(dest='action', required=True)
    add = actions.add_parser('add', help='create a user')
    add.add_argument('name')
    add.add_argument('--role', required=True, choices=refdata.ROLES)
    add.add_argument('--provider')
    add.add_argument('--point', action='append', dest='points',
                     help='a service point; repeat for a user serving '
                     'several, the home point first')
    add.add_argument('--locale', choices=refdata.UI_LANGUAGES)
    add.add_argument('--password-stdin', action='store_true',
                     help='read the password from standard input')
    change = actions.add_parser(
        'change', help="change a user's role or deactivate the user")
    change.add_argument('name')
    change.add_argument('--role', choices=refdata.ROLES)
    change.add_argument('--provider')
    change.add_argument('--point', action='append', dest='points',
                        help='the service points, all of them (repeat), '
                        'the home point first')
    active = change.add_mutually_exclusive_group()
    active.add_argument('--deactivate', dest='active', action='store_false',
                        default=None)
    active.add_argument('--activate', dest='active', action='store_true')
    password = actions.add_parser(
        'password', help='set a new password, read from standard input')
    password.add_argument('name')
    token = actions.add_parser('token', help='print a new API token')
    token.add_argument('name')
    token.add_argument('--label', default='cli')


def _shown(value):
    """A changed value as printed (a list of points as codes)."""
    return ' '.join(value) if isinstance(value, list) else value


def run(args, env):
    request = env['request']
    with request.tm:
        root = env['root']
        registry = env['registry']
        if args.action == 'add':
            if not args.password_stdin:
                raise ValidationError(
                    'Give the password on standard input with '
                    '--password-stdin.')
            password = args.stdin.readline().rstrip('\r\n')
            add_user(root, registry, 'cli', args.name, args.role, password,
                     args.provider, locale=args.locale, points=args.points)
            print(f'user {args.name} added ({args.role})', file=args.stdout)
            return 0
        user = root['users'].get(args.name)
        if user is None:
            raise NotFoundError(f'no user "{args.name}"')
        if args.action == 'change':
            changes = {key: getattr(args, key) for key in
                       ('role', 'provider', 'points', 'active')
                       if getattr(args, key) is not None}
            changed = change_user(root, registry, 'cli', user, **changes)
            print(f'user {args.name}: ' + (', '.join(
                f'{field} {_shown(old)} -> {_shown(new)}'
                for field, (old, new) in changed.items()) or 'no change'),
                file=args.stdout)
            return 0
        if args.action == 'password':
            reset_password(root, registry, 'cli', user,
                           args.stdin.readline().rstrip('\r\n'))
            print(f'user {args.name}: new password set', file=args.stdout)
            return 0
        token = issue_token(root, registry, 'cli', user, args.label,
                            stamp(registry.clock()))
        print(token, file=args.stdout)
    return 0
