"""``kb user add`` and ``kb user token``."""
from kb import refdata
from kb.errors import NotFoundError, ValidationError
from kb.users import add_user, issue_token
from kb.versioning import utcnow


def add_arguments(parser):
    actions = parser.add_subparsers(dest='action', required=True)
    add = actions.add_parser('add', help='create a user')
    add.add_argument('name')
    add.add_argument('--role', required=True, choices=refdata.ROLES)
    add.add_argument('--provider')
    add.add_argument('--point')
    add.add_argument('--locale', choices=refdata.UI_LANGUAGES)
    add.add_argument('--password-stdin', action='store_true',
                     help='read the password from standard input')
    token = actions.add_parser('token', help='print a new API token')
    token.add_argument('name')
    token.add_argument('--label', default='cli')


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
                     args.provider, args.point, args.locale)
            print(f'user {args.name} added ({args.role})', file=args.stdout)
            return 0
        user = root['users'].get(args.name)
        if user is None:
            raise NotFoundError(f'no user "{args.name}"')
        token = issue_token(root, registry, 'cli', user, args.label,
                            utcnow().isoformat())
        print(token, file=args.stdout)
    return 0
