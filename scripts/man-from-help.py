#!/usr/bin/env python3
"""man-from-help.py: balans(1) in man(7) format from `balans --experimental-dump-help` on stdin.

swift-argument-parser's GenerateManual plugin makes the same kind of page but must be run through
`swift package`, which needs the toolchain and write access to the package; this script needs only
the built binary's JSON (see docs/install.md). One page: the root command, then a section per
subcommand with its synopsis, description and options, as `man git`-style single pages do.
"""
import json
import sys


def esc(text):
    """Text safe in a man page: backslashes doubled, a leading . or ' escaped, dashes literal."""
    out = []
    for line in (text or "").split("\n"):
        line = line.replace("\\", "\\e").replace("-", "\\-")
        if line.startswith(".") or line.startswith("'"):
            line = "\\&" + line
        out.append(line)
    return "\n".join(out)


def paragraphs(text):
    """The discussion as man paragraphs; indented lines (examples) kept as they are, unfilled."""
    lines = []
    block = []
    for raw in (text or "").split("\n"):
        if raw.startswith("  "):
            block.append(raw.strip())
            continue
        if block:
            lines.append(".PP\n.RS 4\n.nf\n" + "\n".join(esc(b) for b in block) + "\n.fi\n.RE")
            block = []
        if raw.strip() == "":
            continue
        lines.append(".PP\n" + esc(raw))
    if block:
        lines.append(".PP\n.RS 4\n.nf\n" + "\n".join(esc(b) for b in block) + "\n.fi\n.RE")
    return "\n".join(lines)


def name_of(n):
    return ("--" if n["kind"] == "long" else "-") + n["name"] if n["kind"] != "longWithSingleDash" else "-" + n["name"]


def synopsis(arg):
    value = arg.get("valueName") or ""
    if arg["kind"] == "positional":
        s = "<" + value + ">"
    else:
        names = arg.get("preferredName") or arg["names"][0]
        s = name_of(names)
        if arg["kind"] == "option":
            s += " <" + value + ">"
    if arg.get("isRepeating"):
        s += " ..."
    return "[" + s + "]" if arg.get("isOptional") else s


def options(args):
    out = []
    for arg in args:
        if not arg.get("shouldDisplay", True):
            continue
        if arg["kind"] == "positional":
            head = "\\fI" + esc(arg.get("valueName", "")) + "\\fR"
        else:
            names = ", ".join("\\fB" + esc(name_of(n)) + "\\fR" for n in arg.get("names", []))
            head = names + (" \\fI" + esc(arg.get("valueName", "")) + "\\fR" if arg["kind"] == "option" else "")
        body = esc(arg.get("abstract", ""))
        if arg.get("allValues"):
            body += " (values: " + esc(", ".join(arg["allValues"])) + ")"
        if arg.get("defaultValue") is not None:
            body += " (default: " + esc(str(arg["defaultValue"])) + ")"
        if arg.get("discussion"):
            body += "\n" + esc(arg["discussion"]) if isinstance(arg["discussion"], str) else ""
        out.append(".TP\n" + head + "\n" + body)
    return "\n".join(out)


def command_line(cmd, parents):
    words = " ".join(parents + [cmd["commandName"]])
    args = " ".join(esc(synopsis(a)) for a in cmd.get("arguments", []) if a.get("shouldDisplay", True))
    return ".B " + esc(words) + ("\n" + args if args else "")


def section(cmd, parents, out):
    for sub in cmd.get("subcommands", []):
        if not sub.get("shouldDisplay", True) or sub["commandName"] == "help":
            continue
        words = parents + [cmd["commandName"], sub["commandName"]]
        out.append('.SS "' + esc(" ".join(words)) + '"')
        if sub.get("abstract"):
            out.append(esc(sub["abstract"]))
        out.append(".PP\n" + command_line(sub, parents + [cmd["commandName"]]))
        if sub.get("discussion"):
            out.append(paragraphs(sub["discussion"]))
        if sub.get("arguments"):
            out.append(".PP\nOptions:\n.RS 4")
            out.append(options(sub["arguments"]))
            out.append(".RE")
        section(sub, parents + [cmd["commandName"]], out)


def main():
    doc = json.load(sys.stdin)
    root = doc["command"]
    name = root["commandName"]
    out = [
        '.\\" balans(1), made by scripts/man-from-help.py from balans --experimental-dump-help.',
        '.TH "' + name.upper() + '" "1" "" "' + esc(name) + '" "User Commands"',
        ".SH NAME",
        esc(name) + " \\- " + esc(root.get("abstract", "")),
        ".SH SYNOPSIS",
        command_line(root, []),
        ".PP\n.B " + name + "\n.I subcommand\n[options]",
        ".SH DESCRIPTION",
        paragraphs(root.get("discussion", "")),
    ]
    if root.get("arguments"):
        out += [".SH OPTIONS", options(root["arguments"])]
    out.append(".SH COMMANDS")
    section(root, [], out)
    out += [
        ".SH FILES",
        "Presets, scenarios and policies are JSON files; builtin:NAME names a built-in scenario or policy "
        "(see \\fBbalans scenarios\\fR and \\fBbalans policies\\fR).",
        ".SH EXIT STATUS",
        "0 fine; 1 check found errors (frontier, balance: no allowed setting); 64 usage; 65 bad data; "
        "66 cannot open input; 73 cannot write output; 74 other I/O error.",
    ]
    sys.stdout.write("\n".join(o for o in out if o) + "\n")


if __name__ == "__main__":
    main()
