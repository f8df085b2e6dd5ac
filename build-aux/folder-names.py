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


def unquote(lines):
    text = ''.join(re.match(r'^\s*"(.*)"\s*$', line).group(1) for line in lines)
    return re.sub(r'\\(.)', lambda m: {'n': '\n', 't': '\t'}.get(m.group(1), m.group(1)), text)


def translations(path):
    found = {}
    with open(path, encoding='utf-8') as po:
        blocks = po.read().split('\n\n')
    for block in blocks:
        lines = [line for line in block.strip().split('\n') if line]
        if not lines or any(line.startswith('#~') for line in lines):
            continue
        if any(line.startswith('#,') and 'fuzzy' in line for line in lines):
            continue
        fields = {}
        key = None
        for line in lines:
            if line.startswith('#'):
                continue
            match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$', line)
            if match:
                key = match.group(1)
                fields[key] = [match.group(2)]
            elif key is not None:
                fields[key].append(line)
        if 'msgctxt' in fields or 'msgid' not in fields or 'msgstr' not in fields:
            continue
        msgid, msgstr = unquote(fields['msgid']), unquote(fields['msgstr'])
        if msgid in NAMES and msgstr:
            found[msgid] = msgstr
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
                     ' * English: the parent ("Voice Mail"), then Work, Family, Friends. */\n'
                     'static const struct {\n'
                     '  const char *language;\n'
                     '  const char *names[4];\n'
                     '} hark_folder_names[] = {\n')
        header.write('\n'.join(rows) + '\n};\n')


if __name__ == '__main__':
    main()
