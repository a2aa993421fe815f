"""``kb export cards FILE``."""
import json

from kb.exchange import export_document


def add_arguments(parser):
    parser.add_argument('what', choices=['cards'])
    parser.add_argument('target', help='file to write')


def run(args, env):
    document = export_document(env['root'])
    with open(args.target, 'w', encoding='utf-8') as stream:
        json.dump(document, stream, ensure_ascii=False, indent=2)
        stream.write('\n')
    print(f"exported {len(document['cards'])} cards to {args.target}",
          file=args.stdout)
