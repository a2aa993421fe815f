"""``kb export cards FILE`` and ``kb export suomifi DIR``."""
import json

from kb.cli import progress_printer
from kb.exchange import export_document
from kb.suomifi import config as suomifi_config
from kb.suomifi.export import export as export_suomifi
from kb.versioning import utcnow


def add_arguments(parser):
    parser.add_argument('what', choices=['cards', 'suomifi'])
    parser.add_argument('target', help='file (cards) or directory '
                                       '(suomifi) to write')


def run(args, env):
    if args.what == 'suomifi':
        return run_suomifi(args, env)
    document = export_document(env['root'])
    with open(args.target, 'w', encoding='utf-8') as stream:
        json.dump(document, stream, ensure_ascii=False, indent=2)
        stream.write('\n')
    print(f"exported {len(document['cards'])} cards to {args.target}",
          file=args.stdout)


def run_suomifi(args, env, now=None):
    """Write the Suomi.fi documents; nothing at all if one is invalid."""
    config = suomifi_config.load(env['registry'].settings)
    publication = export_suomifi(
        env['root'], args.target, config, now or utcnow(),
        progress=progress_printer(args.stderr, 'cards'),
    )
    counts = publication.counts
    print(f"exported {counts['published']} published and "
          f"{counts['deleted']} retired services, {counts['channels']} "
          f"service points and {counts['connections']} connections to "
          f"{args.target}", file=args.stdout)
