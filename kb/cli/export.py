"""``kb export cards FILE`` (the exchange format) and ``kb export
intranet DIR`` (the intranet as a static site; see
``docs/intranet-export.md``)."""
import json

from kb import refdata
from kb.cli import progress_printer
from kb.exchange import export_document
from kb.offline.site import IntranetExport


def add_arguments(parser):
    parser.add_argument('what', choices=['cards', 'intranet'])
    parser.add_argument('target', help='file (cards) or directory '
                                       '(intranet) to write')
    parser.add_argument('--lang', choices=refdata.UI_LANGUAGES, default='fi',
                        help='interface language of the intranet copy '
                             '(default: %(default)s)')


def run(args, env):
    if args.what == 'intranet':
        return export_intranet(args, env)
    document = export_document(env['root'])
    with open(args.target, 'w', encoding='utf-8') as stream:
        json.dump(document, stream, ensure_ascii=False, indent=2)
        stream.write('\n')
    print(f"exported {len(document['cards'])} cards to {args.target}",
          file=args.stdout)


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
