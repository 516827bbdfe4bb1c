#!/usr/bin/python3
# toot_cli.py: toot (Debian's toot, a Mastodon command-line client) as a
# person types it, one command after another, for t/client_toot.t. Each
# line read is a JSON object: argv, the words after `toot` on a command
# line, and optionally stdin, the text piped into it (`echo pw | toot ...`);
# the command runs through toot's own entry point (toot.console.main) as
# the `toot` program would run it, and what it prints comes back as JSON
# lines:
#
#   {"out": LINE}  a line it printed ({"err": LINE} on standard error)
#   {"exit": N}    it ended with exit status N
#
# Without stdin, a command that asks a question (toot login does) reads
# the answer as the next line of input. One Python process for the whole session: toot takes
# half a second of CPU to start, and the loop runs some twenty commands.
import io
import json
import sys
import traceback

from toot import console


def emit(kind, text):
    sys.__stdout__.write(json.dumps({kind: text}) + "\n")
    sys.__stdout__.flush()


class LineStream(io.TextIOBase):
    """Text written here goes out as one JSON line per printed line; a
    prompt without a newline goes out when it is flushed, as input() does
    before it reads."""

    def __init__(self, kind):
        self.kind = kind
        self.pending = ""

    def writable(self):
        return True

    def isatty(self):
        return False

    def write(self, text):
        self.pending += text
        while "\n" in self.pending:
            line, self.pending = self.pending.split("\n", 1)
            emit(self.kind, line)
        return len(text)

    def flush(self):
        if self.pending:
            emit(self.kind, self.pending)
            self.pending = ""


def run(words, piped):
    sys.argv = ["toot"] + words
    out, err = LineStream("out"), LineStream("err")
    sys.stdout, sys.stderr = out, err
    if piped is not None:
        sys.stdin = io.StringIO(piped)
    code = 0
    try:
        console.main()
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except Exception:  # toot's own crash, as the program would show it
        traceback.print_exc()
        code = 1
    finally:
        out.flush()
        err.flush()
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
        sys.stdin = sys.__stdin__
    emit("exit", code)


def main():
    while True:
        line = sys.__stdin__.readline()
        if not line:
            break
        if line.strip():
            command = json.loads(line)
            run(command["argv"], command.get("stdin"))


if __name__ == "__main__":
    main()
