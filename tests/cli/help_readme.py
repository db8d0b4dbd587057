#!/usr/bin/env python3
"""Checks bullpen's help against the README's Usage section, both ways:
every command `bullpen --help` lists and every option its `COMMAND --help`
names appears on a `bullpen ...` line of the README's Usage section for that
command, and every command and option those lines name is in the help.

usage: help_readme.py BULLPEN README.md
"""
import re
import json
import subprocess
import sys

OPT = re.compile(r"(?<![\w-])--[a-z][a-z-]*")


def run(*args):
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def command_words(usage):
    """The command a usage line names ("feeds add") as a list of choices per
    word ("alerts enable|disable" -> [["alerts"], ["enable", "disable"]])."""
    words = []
    for tok in usage.split():
        if tok == "[open]" and not words:
            words.append(["open"])
            continue
        if not re.fullmatch(r"[a-z]+(\|[a-z]+)*", tok) or len(words) == 2:
            break
        words.append(tok.split("|"))
    return words


def help_commands(bullpen):
    """{command: set of options} from bullpen --help's list and each
    COMMAND --help; and the global options of bullpen --help's usage line."""
    out = run(bullpen, "--help")
    wide = [l for l in out.splitlines() if len(l) > 80]
    if wide:
        print(f"FAIL: bullpen --help: line longer than 80: {wide[0]}")
    glob = set(OPT.findall(re.search(r"^usage: bullpen (.*)$", out, re.M).group(1)))
    listing = out.split("\ncommands:\n", 1)[1].splitlines()
    entries, cur = [], None
    for line in listing:
        if re.match(r"  \S", line):
            cur = [line.strip()]
            entries.append(cur)
        elif cur is not None and line.strip():
            cur.append(line.strip())
    cmds = {"__fail__": {"(the list)"}} if wide else {}
    for e in entries:
        usage = " ".join(e[:-1])  # the last line is the summary
        words = command_words(usage)
        names = [" ".join(w) for w in _expand(words)]
        for name in names:
            text = run(bullpen, *name.split(), "--help")
            if not text.startswith("usage: bullpen "):
                raise SystemExit(f"FAIL: bullpen {name} --help does not start with its usage line")
            for l in text.splitlines():
                if len(l) > 80:
                    print(f"FAIL: {name} --help: line longer than 80: {l}")
                    cmds.setdefault("__fail__", set()).add(name)
                    break
            cmds[name] = set(OPT.findall(text)) - {"--help"}
            # The list's usage line is the one the command prints.
            lines = text.splitlines()
            first = [lines[0]]
            for l in lines[1:]:
                if not l.startswith(" "):
                    break
                first.append(l)
            said = " ".join(" ".join(first).split())[len("usage: bullpen "):]
            if said != usage:
                print(f"FAIL: --help lists '{usage}', 'bullpen {name} --help' says '{said}'")
                cmds.setdefault("__fail__", set()).add(name)
    return cmds, glob


def _expand(words):
    if not words:
        return [[]]
    return [[w] + rest for w in words[0] for rest in _expand(words[1:])]


def readme_commands(path, known):
    text = open(path, encoding="utf-8").read()
    m = re.search(r"^## Usage\n(.*?)(?=^## )", text, re.M | re.S)
    if not m:
        raise SystemExit("FAIL: README.md has no '## Usage' section")
    cmds, glob, fails = {}, set(), []
    for line in m.group(1).splitlines():
        if not re.match(r"    bullpen(\s|$)", line):
            continue
        line = re.sub(r"\s+#.*", "", line.strip())
        rest = line[len("bullpen"):].strip()
        words = command_words(rest)
        opts = set(OPT.findall(rest))
        if not words:
            glob |= opts
            continue
        for w in _expand(words):
            name = " ".join(w)
            if name not in known and w[0] in known:
                name = w[0]
            if name not in known:
                fails.append(f"FAIL: README names 'bullpen {name}', which --help does not list")
                continue
            cmds.setdefault(name, set()).update(opts)
    return cmds, glob, fails


def check(bullpen, readme, helps, hglob, opts):
    """The FAIL lines of one README against the help and config options."""
    docs, dglob, fails = readme_commands(readme, helps)
    for name in sorted(helps):
        if name not in docs:
            fails.append(f"FAIL: 'bullpen {name}' is in --help but not in README's Usage")
            continue
        for o in sorted(helps[name] - docs[name]):
            fails.append(f"FAIL: 'bullpen {name} --help' names {o}; README's 'bullpen {name}' lines do not")
        for o in sorted(docs[name] - helps[name]):
            fails.append(f"FAIL: README's 'bullpen {name}' lines name {o}; 'bullpen {name} --help' does not")
    for o in sorted(hglob ^ dglob):
        fails.append(f"FAIL: global option {o} is in only one of --help's and README's usage line")
    # The config options: bullpen config's rows against the README's table.
    text = open(readme, encoding="utf-8").read()
    table = re.search(r"^### Config\n(.*?)(?=^#)", text, re.M | re.S).group(1)
    rows = set(re.findall(r"^\| `([a-z_]+\.[a-z_]+)` \|", table, re.M))
    for o in sorted(opts - rows):
        fails.append(f"FAIL: config option {o} is not in README's Config table")
    for o in sorted(rows - opts):
        fails.append(f"FAIL: README's Config table has {o}, which bullpen config does not")
    return fails


def main():
    """help_readme.py BULLPEN README...: the help is read once; with several
    READMEs each one's lines follow a line "== README"."""
    bullpen, readmes = sys.argv[1], sys.argv[2:]
    helps, hglob = help_commands(bullpen)
    help_fails = [f"FAIL: {n} --help" for n in sorted(helps.pop("__fail__", set()))]
    opts = {o["name"] for o in json.loads(run(bullpen, "config", "--json"))}
    status = 0
    for readme in readmes:
        if len(readmes) > 1:
            print(f"== {readme}")
        fails = help_fails + check(bullpen, readme, helps, hglob, opts)
        for line in fails:
            print(line)
        print(f"{len(helps)} commands and {len(opts)} config options compared")
        status |= 1 if fails else 0
    return status


sys.exit(main())
