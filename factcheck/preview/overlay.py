"""What the preview adds to every page it serves, and only there (never to the built site/):
the problems of the latest check over the last good page, and the script that reloads the page
after each check.

Everything from the project (messages quote keys, values and file names) is escaped. The
problems are a region announced to screen readers (``role="alert"`` for errors, ``role="status"``
for warnings) that never takes the focus, with a button that hides it for as long as the same
problems stand (a new check with other problems shows it again) and one that shows it again.
The whole addition sits between two comments, so that it can be told apart from the page.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from ..diagnostics import Diagnostic, Severity
from ..site.html.escaping import text

START, END = "<!-- factcheck-preview -->", "<!-- /factcheck-preview -->"
ENDPOINT = "/.factcheck-preview/"  # the preview's own requests, outside any site path
SHOWN = 100  # problems listed on a page


@dataclass(frozen=True)
class Problems:
    """What the overlay shows: the latest check's diagnostics and what else went wrong."""

    diagnostics: tuple[Diagnostic, ...] = ()
    failures: tuple[str, ...] = ()  # the project or the site could not be checked or built
    stale: bool = False  # the pages shown are older than the files: the check or the build failed
    checked_at: str = ""
    page_warnings: tuple[str, ...] = ()  # from rendering this page

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.ERROR) + len(self.failures)

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.WARNING) + len(self.page_warnings)

    def __bool__(self) -> bool:
        return bool(self.diagnostics or self.failures or self.page_warnings or self.stale)

    def fingerprint(self) -> str:
        parts = [f"{d.file}:{d.line}:{d.column}:{d.severity.value}:{d.code}:{d.message}" for d in self.diagnostics]
        return hashlib.sha256("\n".join([*parts, *self.failures, *self.page_warnings]).encode()).hexdigest()[:16]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _diagnostic(d: Diagnostic) -> str:
    suggestion = (f'<pre class="fcp-suggestion">{text(d.suggestion)}</pre>' if d.suggestion else "")
    return (f'<li class="fcp-item fcp-{d.severity.value}"><p class="fcp-where">'
            f'<code>{text(d.file)}:{d.line}:{d.column}</code> '
            f'<span class="fcp-severity">{text(d.severity.value)}</span> '
            f'<span class="fcp-code">[{text(d.code)}]</span></p>'
            f'<p class="fcp-message">{text(d.message)}</p>{suggestion}</li>')


def _failure(message: str, severity: str = "error") -> str:
    return (f'<li class="fcp-item fcp-{severity}"><p class="fcp-where"><span class="fcp-severity">'
            f'{severity}</span></p><pre class="fcp-message">{text(message)}</pre></li>')


def heading(problems: Problems) -> str:
    if problems.failures:
        return ("The site could not be checked or built: this page is the last good version"
                if problems.stale else "The site could not be checked or built")
    if problems.errors:
        found = f"The check found {_plural(problems.errors, 'error')}"
        if problems.warnings:
            found += f" and {_plural(problems.warnings, 'warning')}"
        return found + (": this page is the last good version, from before them" if problems.stale else "")
    return f"The check passed with {_plural(problems.warnings, 'warning')}"


_STYLE = """
#fcp-root{all:initial;position:fixed;z-index:2147483647;left:0;right:0;bottom:0;font:15px/1.45 system-ui,sans-serif;color:#1b1b1b}
#fcp-root *{box-sizing:border-box}
#fcp-panel{max-height:45vh;overflow:auto;margin:0 auto;max-width:70rem;background:#fff;border:3px solid #b3261e;border-bottom:0;border-radius:8px 8px 0 0;box-shadow:0 -4px 24px rgba(0,0,0,.3);padding:.75rem 1rem}
#fcp-panel.fcp-only-warnings{border-color:#8a5a00}
#fcp-panel[hidden],#fcp-show[hidden]{display:none}
#fcp-head{display:flex;gap:1rem;align-items:flex-start;justify-content:space-between}
#fcp-title{margin:0;font:700 1.05rem/1.3 system-ui,sans-serif;color:#8c1d18}
.fcp-only-warnings #fcp-title{color:#6b4500}
#fcp-note{margin:.25rem 0 0;color:#444}
#fcp-list{list-style:none;margin:.5rem 0 0;padding:0}
.fcp-item{border-top:1px solid #ddd;padding:.5rem 0}
.fcp-item p{margin:0}
.fcp-where code,.fcp-message,.fcp-suggestion{font-family:ui-monospace,Menlo,Consolas,monospace}
.fcp-severity{font-weight:700;text-transform:uppercase;font-size:.8rem;padding:0 .3rem;border-radius:3px;color:#fff;background:#b3261e}
.fcp-warning .fcp-severity{background:#8a5a00}
.fcp-code{color:#555}
pre.fcp-message,pre.fcp-suggestion{white-space:pre-wrap;margin:.25rem 0 0;font-size:.9rem}
.fcp-suggestion{background:#f4f4f4;padding:.4rem .6rem;border-radius:4px}
#fcp-root button{font:600 .9rem system-ui,sans-serif;cursor:pointer;border:2px solid #1b1b1b;background:#fff;color:#1b1b1b;border-radius:4px;padding:.3rem .7rem}
#fcp-root button:focus-visible{outline:3px solid #1a5fb4;outline-offset:2px}
#fcp-show{position:fixed;right:1rem;bottom:1rem}
"""

# Reloads the page when the preview has checked again (long polling; only while the page is
# visible), and remembers for this tab which problems the analyst chose to hide.
_SCRIPT = """
(function () {
  var epoch = EPOCH, key = "factcheck-preview-hidden", print = FINGERPRINT;
  var panel = document.getElementById("fcp-panel"), show = document.getElementById("fcp-show");
  function hidden() { try { return sessionStorage.getItem(key) === print; } catch (e) { return false; } }
  function remember(value) { try { value ? sessionStorage.setItem(key, print) : sessionStorage.removeItem(key); } catch (e) {} }
  if (panel) {
    if (hidden()) { panel.hidden = true; show.hidden = false; }
    document.getElementById("fcp-hide").addEventListener("click", function () {
      panel.hidden = true; show.hidden = false; remember(true); show.focus();
    });
    show.addEventListener("click", function () {
      panel.hidden = false; show.hidden = true; remember(false); document.getElementById("fcp-hide").focus();
    });
  }
  var waiting = false;
  function poll() {
    if (waiting || document.visibilityState !== "visible") return;
    waiting = true;
    fetch(ENDPOINT + "changes?since=" + epoch, {cache: "no-store"}).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.text();
    }).then(function (body) {
      waiting = false;
      if (parseInt(body, 10) > epoch) { location.reload(); } else { poll(); }
    }).catch(function () { waiting = false; setTimeout(poll, 1000); });
  }
  document.addEventListener("visibilitychange", poll);
  poll();
})();
"""


def addition(problems: Problems, epoch: int) -> str:
    """The markup added before a page's ``</body>``."""
    script = (_SCRIPT.replace("EPOCH", str(int(epoch))).replace("FINGERPRINT", json.dumps(problems.fingerprint()))
              .replace("ENDPOINT", json.dumps(ENDPOINT)))
    panel = ""
    if problems:
        # Errors first; a schema broken for every claim must not make every page megabytes long.
        ordered = sorted(problems.diagnostics, key=lambda d: d.severity is not Severity.ERROR)
        items = ([_failure(f) for f in problems.failures] + [_diagnostic(d) for d in ordered[:SHOWN]]
                 + [_failure(w, "warning") for w in problems.page_warnings])
        if len(ordered) > SHOWN:
            items.append(f'<li class="fcp-item"><p>… and {len(ordered) - SHOWN:,} more: the terminal '
                         "lists them all.</p></li>")
        urgent = bool(problems.errors)
        note = (f"Checked at {text(problems.checked_at)}. Fix the files and save: the page reloads "
                "after each check." if urgent else
                f"Checked at {text(problems.checked_at)}. The pages are up to date; "
                "warnings do not stop the build.")
        panel = (
            f'<section id="fcp-panel" class="{"" if urgent else "fcp-only-warnings"}" '
            f'role="{"alert" if urgent else "status"}" aria-labelledby="fcp-title">'
            f'<div id="fcp-head"><div><h2 id="fcp-title">{text(heading(problems))}</h2>'
            f'<p id="fcp-note">{note}</p></div>'
            '<button type="button" id="fcp-hide" aria-controls="fcp-panel">Hide problems</button></div>'
            f'<ul id="fcp-list">{"".join(items)}</ul></section>'
            f'<button type="button" id="fcp-show" aria-controls="fcp-panel" hidden>'
            f'Show problems ({problems.errors + problems.warnings})</button>')
    return (f'{START}<div id="fcp-root" data-factcheck-preview><style>{_STYLE}</style>{panel}</div>'
            f'<script>{script}</script>{END}')


def inject(page: bytes, problems: Problems, epoch: int) -> bytes:
    """``page`` with the preview's addition before its last ``</body>`` (or at its end)."""
    added = addition(problems, epoch).encode("utf-8")
    at = page.rfind(b"</body>")
    return page + added if at < 0 else page[:at] + added + page[at:]


def strip(page: str) -> str:
    """``page`` without the preview's addition: the page a full build writes."""
    start = page.find(START)
    end = page.find(END, start)
    return page if start < 0 or end < 0 else page[:start] + page[end + len(END):]


def _plain_page(title: str, explanation: str, problems: Problems, epoch: int) -> bytes:
    body = ("<!doctype html><html lang=en><head><meta charset=utf-8>"
            f"<title>Preview: {text(title)}</title>"
            '<meta name="viewport" content="width=device-width, initial-scale=1"></head><body>'
            '<main style="font:16px/1.5 system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem">'
            f"<h1>{text(title)}</h1><p>{text(explanation)}</p></main></body></html>")
    return inject(body.encode("utf-8"), problems, epoch)


def waiting_page(problems: Problems, epoch: int) -> bytes:
    """Served for every page until a first good build exists."""
    return _plain_page("No site to preview yet", (
        "The project has not been checked and built successfully since the preview started. Fix "
        "the problems listed below and save: this page reloads after each check and shows the "
        "site once it builds."), problems, epoch)


def failed_page(site_path: str, problems: Problems, epoch: int) -> bytes:
    """Served for a page that could not be made (the reason is among the problems)."""
    return _plain_page("This page could not be made", (
        f"The preview could not make {site_path}; the problem is listed below. The other pages "
        "may still be shown."), problems, epoch)
