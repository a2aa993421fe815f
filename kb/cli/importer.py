"""``kb import FILE [--publish]``: all or nothing."""
from kb.cards.exchange import import_cards, validate_document
from kb.cards.versioning import Versioning
from kb.cli import progress_printer
from kb.errors import ValidationError
from kb.untrusted import load_json


def add_arguments(parser):
    parser.add_argument('file', help='a kb-cards/1 JSON file')
    parser.add_argument('--publish', action='store_true',
                        help='publish as the central editor would '
                             '(migration from an old system)')


def read_document(path):
    """The parsed file, its depth and text checked as an API body's
    (:func:`kb.untrusted.load_json`)."""
    try:
        with open(path, encoding='utf-8') as stream:
            return load_json(stream.read())
    except OSError as exc:
        raise ValidationError(f'cannot read {path}: {exc.strerror}')
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValidationError(f'{path} is not valid UTF-8 JSON: {exc}')


def run(args, env):
    document = read_document(args.file)
    request = env['request']
    with request.tm:
        root = env['root']
        cards = validate_document(root, document)
        versioning = Versioning(env['registry'], 'import')
        created = import_cards(
            root, versioning, cards, publish=args.publish,
            progress=progress_printer(args.stderr, 'importing'))
    state = 'published' if args.publish else 'as drafts'
    print(f'imported {len(created)} cards {state}', file=args.stdout)
