"""``kb export cards FILE`` (the exchange format), ``kb export suomifi
DIR`` (Suomi.fi service documents; see ``docs/suomifi.md``) and ``kb
export intranet DIR`` (the intranet as a static site; see
``docs/intranet-export.md``)."""
import json

from kb import refdata
from kb.cards.exchange import export_document
from kb.cli import plain, progress_printer
from kb.offline.site import IntranetExport
from kb.suomifi import config as suomifi_config
from kb.suomifi.export import export as export_suomifi


def add_arguments(parser):
    parser.add_argument('what', choices=['cards', 'suomifi', 'intranet'])
    parser.add_argument('target', help='file (cards) or directory '
                                       '(suomifi, intranet) to write')
    parser.add_argument('--lang', choices=refdata.UI_LANGUAGES, default='fi',
                        help='interface language of the intranet copy '
                             '(default: %(default)s)')


def run(args, env):
    if args.what == 'suomifi':
        return run_suomifi(args, env)
    if args.what == 'intranet':
        return export_intranet(args, env)
    document = export_document(env['root'])
    with open(args.target, 'w', encoding='utf-8') as stream:
        json.dump(document, stream, ensure_ascii=False, indent=2)
        stream.write('\n')
    print(f"exported {len(document['cards'])} cards to {args.target}",
          file=args.stdout)


def run_suomifi(args, env):
    """Write the Suomi.fi documents PTV would take; list the others.

    :returns: 1 if a document was left out, else 0.
    """
    config = suomifi_config.load(env['registry'].settings)
    publication = export_suomifi(
        env['root'], args.target, config, env['registry'].clock(),
        progress=progress_printer(args.stderr, 'cards'),
    )
    counts = publication.counts
    print(f"exported {counts['published']} published and "
          f"{counts['deleted']} retired services, {counts['channels']} "
          f"service points, {counts['connections']} connections and "
          f"{publication.collections} service collections to "
          f"{args.target}", file=args.stdout)
    for entry in publication.left_out:
        print(f"  {entry['card']}: left out languages "
              f"{', '.join(entry['languages'])} (no summary that says "
              f"more than the title)", file=args.stderr)
    for problem in publication.problems:
        print(f"  {problem['card']} {problem['field']}: "
              f"{plain(problem['message'])}", file=args.stderr)
    if publication.problems:
        print(f'kb export: {len(publication.refused)} documents would be '
              f'refused by Suomi.fi and were not written; see '
              f'manifest.json', file=args.stderr)
        return 1
    return 0


def export_intranet(args, env):
    printers = {}

    def progress(step, done, total):
        if step not in printers:
            printers[step] = progress_printer(args.stderr, step)
        if printers[step]:
            printers[step](done, total)

    registry = env['registry']
    with env['request'].tm:
        count = IntranetExport(env['root'], registry, args.lang,
                               progress=progress).write(
            args.target, registry.settings['kb.themes_dir'])
    print(f'exported {count} cards to {args.target}', file=args.stdout)
