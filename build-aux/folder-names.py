#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# folder-names.py PO-DIR OUTPUT: a C header with the names Hark's folders
# get in each language of PO-DIR/LINGUAS ("Voice Mail", "Work", "Family",
# "Friends", as translated), so that Hark finds folders another Hark made
# in another language rather than making them again.

import re
import sys

NAMES = ('Voice Mail', 'Work', 'Family', 'Friends')


def unquote(text):
    body = text.strip()[1:-1]
    return re.sub(r'\\(.)', lambda m: {'n': '\n', 't': '\t'}.get(m.group(1), m.group(1)), body)


def entries(path):
    """The entries of a .po file as dicts of field -> text, with 'flags';
    line by line, so that neither blank lines nor their absence matter."""
    entry, key = {'flags': ''}, None
    with open(path, encoding='utf-8') as po:
        for line in po:
            line = line.strip()
            keyword = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$', line)
            if keyword and keyword.group(1) in ('msgctxt', 'msgid') and 'msgstr' in entry:
                yield entry
                entry, key = {'flags': ''}, None
            if line.startswith('#,'):
                if 'msgstr' in entry:
                    yield entry
                    entry, key = {'flags': ''}, None
                entry['flags'] += line[2:]
            elif keyword:
                key = keyword.group(1)
                entry[key] = unquote(keyword.group(2))
            elif line.startswith('"') and key is not None:
                entry[key] += unquote(line)
            elif not line or line.startswith('#'):
                key = None if not line else key
    if 'msgstr' in entry:
        yield entry


def translations(path):
    found = {}
    for entry in entries(path):
        if 'fuzzy' in entry['flags'] or 'msgctxt' in entry or 'msgid' not in entry:
            continue
        if entry['msgid'] in NAMES and entry['msgstr']:
            found[entry['msgid']] = entry['msgstr']
    return found


def c_string(text):
    return '"' + text.replace('\\', '\\\\').replace('"', '\\"') + '"'


def main():
    po_dir, output = sys.argv[1], sys.argv[2]
    with open(f'{po_dir}/LINGUAS', encoding='utf-8') as linguas:
        languages = [word for line in linguas
                     for word in line.split('#')[0].split()]
    rows = []
    for language in languages:
        names = translations(f'{po_dir}/{language}.po')
        row = [names.get(name, name) for name in NAMES]
        rows.append(f'  {{ {c_string(language)}, {{ ' + ', '.join(map(c_string, row)) + ' } },')
    with open(output, 'w', encoding='utf-8') as header:
        header.write('/* hark-folder-names.h: made by build-aux/folder-names.py from po/ */\n\n'
                     '#pragma once\n\n'
                     '/* The names of Hark\'s folders in each language it has besides\n'
                     ' * English: the parent ("Voice Mail"), then Work, Family, Friends;\n'
                     ' * a row of NULL ends it. */\n'
                     'static const struct {\n'
                     '  const char *language;\n'
                     '  const char *names[4];\n'
                     '} hark_folder_names[] = {\n')
        header.write(''.join(row + '\n' for row in rows) + '  { NULL, { NULL } },\n};\n')


if __name__ == '__main__':
    main()
