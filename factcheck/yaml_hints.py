"""What a YAML syntax error means for the person who wrote the file, and what to write instead.

The parser says "did not find expected key while parsing a block mapping"; a fact-checker needs to
hear that the apostrophe in ``claimant: 'Rybar's channel'`` ends the quoted text, and to be handed
the corrected line. Fact-checkers quote people, so quote marks inside values are the mistake they
make most: those, a ``: `` inside a value and a misaligned key are diagnosed from the lines
themselves and answered with a line (or block) built from the writer's own text, checked to load
back to exactly that text. Every other parser error is put in plain words.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import yaml

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


@dataclass(frozen=True)
class Hint:
    """A syntax error explained: where it really is, what is wrong, and what to write."""

    line: int
    column: int
    message: str
    suggestion: str | None = None


# One line of a claim file that starts a value: "key: value", "- value" or "- key: value".
_ENTRY = re.compile(r"(?P<lead>[ ]*(?:-[ ]+)*)(?:(?P<key>[A-Za-z_][A-Za-z0-9_-]*):(?:[ ]+|\Z))?(?P<value>.*)\Z")
_COMMENT = re.compile(r"[ \t]+#.*\Z")
_MARK_NAMES = {"'": "apostrophe", '"': "quote mark"}
_A_MARK = {"'": "an apostrophe", '"': "a quote mark"}
_QUOTE_KINDS = {"'": "single", '"': "double"}


@dataclass(frozen=True)
class _Entry:
    """A value as written: its first line, and the lines it continues on."""

    line: int  # 1-based line of the key (or the list dash)
    lead: str  # the text before the value on that line: indentation, '- ', 'key: '
    key: str | None
    indent: int  # column (0-based) the value's continuation lines must be indented past
    lines: list[str]  # the value's lines, stripped; the first one is the value on the key's line
    columns: list[int]  # 0-based column where each of those lines starts in the file

    @property
    def what(self) -> str:
        return f"'{self.key}'" if self.key else "this list item"


def _entry_at(lines: list[str], line: int) -> _Entry | None:
    """The value that the 1-based ``line`` belongs to (the line itself, or the one it continues)."""
    for start in range(line, max(0, line - 50), -1):
        text = lines[start - 1]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        match = _ENTRY.match(text)
        if match is None or (match.group("key") is None and not match.group("lead").strip()):
            continue  # a continuation line: keep looking upwards for the line it continues
        lead = text[:match.start("value")]
        key = match.group("key")
        indent = len(match.group("lead")) if key else len(match.group("lead").rstrip()) - 1
        value_lines = [match.group("value").rstrip()]
        columns = [match.start("value")]
        for following in lines[start:]:
            stripped = following.strip()
            if stripped and len(following) - len(following.lstrip(" ")) <= indent:
                break
            value_lines.append(stripped)
            columns.append(len(following) - len(following.lstrip(" ")))
        while len(value_lines) > 1 and not value_lines[-1]:
            value_lines.pop()
            columns.pop()
        if start + len(value_lines) - 1 < line:
            return None  # the error lies past this value: it is not about it
        return _Entry(start, lead, key, indent, value_lines, columns)
    return None


def _loads(document: str) -> object:
    try:
        return yaml.load(document, Loader=_Loader)  # noqa: S506 - the safe loader
    except yaml.YAMLError:
        return None


def _one_line_forms(text: str, avoid: str | None) -> list[tuple[str, str]]:
    """``text`` quoted on one line, each way that loads back to it: (how, the quoted text)."""
    forms = []
    if '"' not in text and "\\" not in text and avoid != '"':
        forms.append(("double", f'"{text}"'))
    if "'" not in text and avoid != "'":
        forms.append(("single", f"'{text}'"))
    if "'" in text:
        forms.append(("doubled", "'" + text.replace("'", "''") + "'"))
    return forms


def _fits(key: str | None, written: str, text: str) -> bool:
    """Whether ``written`` (a value as it would stand after 'key: ') loads back to ``text``."""
    document = f"k: {written}\n" if key else f"- {written}\n"
    loaded = _loads(document)
    value = loaded.get("k") if isinstance(loaded, dict) else loaded[0] if isinstance(loaded, list) and loaded else None
    return value == text


def _block(entry: _Entry, lines: list[str]) -> str:
    """The value as a folded block ('>-'): no quote mark in it needs care."""
    indent = " " * (entry.indent + 2 if entry.key else entry.indent + 2)
    body = "\n".join(indent + line if line else "" for line in lines)
    return f"{entry.lead.rstrip()} >-\n{body}"


def _block_fits(entry: _Entry, lines: list[str], text: str) -> bool:
    block = _block(entry, lines)
    # The block re-read on its own: its lead (indentation, '- ', 'key:') made top-level.
    first, _, rest = block.partition("\n")
    shift = len(first) - len(first.lstrip(" "))
    document = "\n".join(line[shift:] if line.strip() else "" for line in block.split("\n"))
    if document.lstrip().startswith("-") and not entry.key:
        loaded = _loads(document)
        return isinstance(loaded, list) and loaded[:1] == [text]
    loaded = _loads(document)
    while isinstance(loaded, list) and loaded:
        loaded = loaded[0]
    return isinstance(loaded, dict) and list(loaded.values())[:1] == [text]


def _folded(lines: list[str]) -> str:
    """How YAML joins the lines of a quoted or plain value: a line break is a space, an empty
    line a line break."""
    out, pending_breaks = "", 0
    for i, line in enumerate(lines):
        if not line:
            pending_breaks += 1
            continue
        if i:
            out += "\n" * pending_breaks if pending_breaks else " "
        out += line
        pending_breaks = 0
    return out


def _start_of(text: str, limit: int = 40) -> str:
    """The first words of ``text``, cut between words."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return (cut if cut else text[:limit]) + "\u2026"


def _word_before(text: str, at: int) -> str:
    words = text[:at].split()
    return words[-1][-30:] if words else ""


def _closing(text: str, mark: str) -> int | None:
    """Where YAML ends a value that opens with ``mark`` (index in ``text``), if it does."""
    i = 1
    while i < len(text):
        ch = text[i]
        if mark == '"' and ch == "\\":
            i += 2
            continue
        if ch == mark:
            if mark == "'" and text[i + 1:i + 2] == "'":
                i += 2
                continue
            return i
        i += 1
    return None


def _position(entry: _Entry, joined_index: int) -> tuple[int, int]:
    """1-based line and column in the file of an index into the value's lines joined by '\\n'."""
    for n, line in enumerate(entry.lines):
        if joined_index <= len(line):
            return entry.line + n, entry.columns[n] + joined_index + 1
        joined_index -= len(line) + 1
    return entry.line, entry.columns[0] + 1


def quote_marks(lines: list[str], line: int) -> Hint | None:
    """A value that opens with a quote mark and goes on past the mark that closes it."""
    entry = _entry_at(lines, line)
    if entry is None or not entry.lines[0][:1] in ("'", '"'):
        return None
    mark = entry.lines[0][0]
    raw = "\n".join(entry.lines)
    close = _closing(raw, mark)
    if close is None:
        return None  # never closed: the file ends inside it, a different mistake
    rest = raw[close + 1:]
    if not rest.strip() or _COMMENT.fullmatch(rest.split("\n")[0]) and not rest.strip("\n").count("\n"):
        return None  # the value ends at its closing mark: the error is elsewhere
    at_line, at_column = _position(entry, close)
    last = raw.rstrip()
    comment = _COMMENT.search(last.split("\n")[-1]) if last.rfind(mark) < len(last) - 1 else None
    if comment is not None and last.split("\n")[-1][:comment.start()].endswith(mark):
        last = last[:len(last) - len(comment.group())]
    mark_name, kind = _MARK_NAMES[mark], _QUOTE_KINDS[mark]
    if last.endswith(mark) and len(last) > close + 1:
        # The outer marks enclose the text; one inside it ends the value early.
        inner = last[1:-1]
        inner = inner.replace("''", "'") if mark == "'" else inner.replace('\\"', '"')
        inner_lines = inner.split("\n")
        text = _folded(inner_lines)
        before = _word_before(raw[1:], close - 1)
        where = f'after "{before}"' if before else "at the start of the text"
        message = (f"{entry.what} is in {kind} quotes, so the {mark_name} {where} ends it too "
                   "early and YAML cannot read the rest")
        explain = {
            "double": "put the text in double quotes instead, so that its apostrophes are part of it",
            "single": "put the text in single quotes instead, so that its quote marks are part of it",
            "doubled": "inside single quotes, write each apostrophe twice (''): YAML reads it as one",
        }
    else:
        # The text starts with a quote mark: YAML takes it for the start of a quoted value.
        text_lines = last.split("\n")
        text = _folded(text_lines)
        inner_lines = text_lines
        message = (f"{entry.what} starts with {_A_MARK[mark]}, so YAML reads "
                   f"{json.dumps(raw[:close + 1], ensure_ascii=False)} as the whole value and "
                   f"cannot go on with {json.dumps(_start_of(rest.strip()), ensure_ascii=False)}")
        explain = {
            "double": "put the whole text in double quotes, so that its apostrophes are part of it",
            "single": "put the whole text in single quotes, so that its quote marks are part of it",
            "doubled": "put the whole text in single quotes, and write each apostrophe in it twice (''): "
                       "YAML reads it as one",
        }
    options = []
    if len(inner_lines) == 1:
        for how, written in _one_line_forms(text, None):
            if _fits(entry.key, written, text):
                options.append(f"{explain[how]}:\n{entry.lead}{written}")
                break
    if text.strip() == text and _block_fits(entry, inner_lines, text):
        intro = "or write" if options else "write"
        options.append(f"{intro} it as a block: '>-' after the key, and the text on the lines below, "
                       f"indented, with no quote marks around it:\n{_block(entry, inner_lines)}")
    return Hint(at_line, at_column, message, "\n".join(options) or None)


def colon_in_value(lines: list[str], line: int, column: int) -> Hint | None:
    """': ' inside a plain value, or a key indented as if it continued the value above it."""
    here = lines[line - 1]
    own = _ENTRY.match(here)
    if own is not None and own.group("key") and own.end("key") == column - 1:
        above = _entry_at(lines, line - 1) if line > 1 else None
        own_indent = len(here) - len(here.lstrip(" "))
        if above is not None and above.lines[0][:1] not in ("'", '"') and above.indent < own_indent:
            # "  claimant: x" under "claim: y": the line is read as the rest of claim's value.
            first = lines[above.line - 1]
            key_column = len(first) - len(first.lstrip(" ")) + 1
            return Hint(line, own_indent + 1,
                        f"'{own.group('key')}' is indented more than {above.what} on line "
                        f"{above.line}, so YAML reads this line as the rest of the value of {above.what}",
                        f"start '{own.group('key')}:' in column {key_column}, like {above.what} on "
                        f"line {above.line}; or, if this line is part of that value, put the whole "
                        "value in quotes")
    entry = _entry_at(lines, line)
    if entry is None or entry.lines[0][:1] in ("'", '"'):
        return None
    raw_lines = list(entry.lines)
    last = _COMMENT.sub("", raw_lines[-1])
    raw_lines[-1] = last
    text = _folded(raw_lines)
    message = (f"{entry.what} contains ': ', which YAML reads as the start of another key "
               "(the text cannot contain ': ' unless it is in quotes)")
    options = []
    if len(raw_lines) == 1:
        for how, written in _one_line_forms(text, None):
            if _fits(entry.key, written, text):
                options.append(f"put the text in quotes:\n{entry.lead}{written}")
                break
    if not options and text.strip() == text and _block_fits(entry, raw_lines, text):
        options.append(f"write it as a block: '>-' after the key, and the text on the lines below, "
                       f"indented:\n{_block(entry, raw_lines)}")
    return Hint(line, column, message, "\n".join(options) or "put the whole value in quotes")


# The parser's other complaints, in plain words: (what it says, what we say, what to do).
_PLAIN = (
    ("found unexpected end of stream",
     "a quoted value is never closed: the file ends inside it",
     "add the closing quote mark at the end of the value that starts here"),
    ("found unknown escape character",
     "inside double quotes, a backslash (\\) starts a special character, and YAML knows none "
     "written this way",
     "put the value in single quotes instead, or write each backslash twice (\\\\)"),
    ("found character that cannot start any token",
     "a value cannot start with this character unless it is in quotes",
     "put the whole value in quotes"),
    ("found a tab character",
     "a tab is used for indentation here",
     "indent with spaces, not tabs"),
    ("did not find expected ',' or ']'",
     "the list in square brackets{where} is not closed with ']', or its items are not separated "
     "by commas",
     "write it like tags: [kursk, casualties]; put an item in quotes if it contains a comma or a "
     "bracket"),
    ("did not find expected ',' or '}'",
     "the group in braces{where} is not closed with '}', or its entries are not separated by "
     "commas",
     "write one key per line instead of braces"),
    ("could not find expected ':'",
     "this line is not 'key: value': a key needs ': ' after it",
     "write 'key: value'; if the line continues the text above it, indent it more than that "
     "text's key"),
    ("did not find expected key",
     "this line does not line up with the keys above it",
     "start every key of a group in the same column"),
    ("did not find expected '-' indicator",
     "this line does not line up with the list above it",
     "start every item of a list with '- ' in the same column"),
    ("block sequence entries are not allowed",
     "a list item ('- ') cannot start on the same line as a key's value",
     "put each item of the list on a line of its own below the key, starting with '- '"),
    ("did not find expected node content",
     "a value is missing here, or starts with a character YAML keeps for itself",
     "write the value after the key; put it in quotes if it starts with [ { > | * & ! % @ or `"),
    ("mapping values are not allowed",
     "': ' appears where YAML does not expect a key",
     "put the value in quotes if it contains ': '"),
    ("found unexpected document indicator",
     "a line of three dashes (---) or dots (...) inside a value ends the file's content",
     "indent that line, or put the value in quotes"),
)


def plain_problem(problem: str, context: tuple[int, int] | None = None) -> tuple[str, str | None]:
    """The parser's problem in plain words, and what to do about it; ``context``: where the
    unfinished piece (a list in brackets, a quoted value) starts."""
    where = f" that starts at line {context[0]}, column {context[1]}" if context else ""
    for said, meaning, advice in _PLAIN:
        if said in problem:
            return meaning.replace("{where}", where), advice
    return f"YAML cannot read the file from here ({problem})", None


def reserved_start(lines: list[str], line: int, column: int) -> Hint | None:
    """A value that starts with a character YAML keeps for itself (` @ %)."""
    entry = _entry_at(lines, line)
    if entry is None or entry.line != line or entry.columns[0] != column - 1 or len(entry.lines) != 1:
        return None
    text = _COMMENT.sub("", entry.lines[0])
    for _, written in _one_line_forms(text, None):
        if _fits(entry.key, written, text):
            return Hint(line, column, f"{entry.what} starts with '{text[0]}', which YAML does not "
                        "allow at the start of a value unless it is in quotes",
                        f"put the text in quotes:\n{entry.lead}{written}")
    return None


def missing_colon(lines: list[str], line: int) -> Hint | None:
    """A line with a key but no ':' after it (the parser notices only on the next line)."""
    text = lines[line - 1]
    word = text.strip()
    if not re.fullmatch(r"(?:-[ ]+)?[A-Za-z_][A-Za-z0-9_-]*", word):
        return None
    key = word.lstrip("- ")
    return Hint(line, len(text) - len(text.lstrip(" ")) + 1,
                f"'{key}' has no ':' after it",
                f"write ': ' after '{key}', then its value")


def explain(text: str, line: int, column: int, problem: str,
            context: tuple[int, int] | None = None) -> Hint:
    """Why the parser stopped at ``line``:``column`` (1-based), for the person who wrote the file;
    ``context``: where the parser's unfinished piece (a key, a list, a quoted value) starts."""
    context_line = context[0] if context else None
    lines = re.split("\r\n|[\r\n\x85\u2028\u2029]", text)
    if 0 < line <= len(lines) and "\t" in lines[line - 1][:column]:
        return Hint(line, column, "a tab is used for indentation here", "indent with spaces, not tabs")
    if 0 < line <= len(lines):
        if "did not find expected key" in problem or "could not find expected ':'" in problem:
            hint = quote_marks(lines, line)
            if hint is not None:
                return hint
        if "mapping values are not allowed" in problem:
            hint = colon_in_value(lines, line, column)
            if hint is not None:
                return hint
        if "cannot start any token" in problem:
            hint = reserved_start(lines, line, column)
            if hint is not None:
                return hint
    if "could not find expected ':'" in problem and context_line and 0 < context_line <= len(lines):
        hint = missing_colon(lines, context_line)
        if hint is not None:
            return hint
    meaning, advice = plain_problem(problem, context)
    return Hint(line, column, meaning, advice)
