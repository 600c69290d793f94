"""Mutation check of the quality gates: put each known fault into a scratch copy of the project,
run the gate meant to catch it, and say whether it did. A gate that passes with its fault in
is worthless; this shows, fault by fault, that none does.

    python tests/quality/fault_injection.py            # every fault (about 12 minutes)
    python tests/quality/fault_injection.py NAME ...   # the named ones
    python tests/quality/fault_injection.py --list

Not part of the test suite (each fault is a pytest run of its own); exit status 1 if any fault
went unnoticed. The copy is the working tree as it is, so run it before committing a change to
the checker, the site or the gates.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ANYWHERE = shutil.ignore_patterns(".git", "node_modules", ".hypothesis", "__pycache__",
                                  ".pytest_cache", "*.egg-info")
AT_THE_ROOT = {"site", "build"}  # outputs: site/ (not factcheck/site/) and setuptools' build/


def ignored(directory: str, names: list[str]) -> set[str]:
    skip = set(ANYWHERE(directory, names))
    if Path(directory) == REPO:
        skip |= {n for n in names if n in AT_THE_ROOT or n.startswith(".site-")}
    return skip


@dataclass(frozen=True)
class Fault:
    name: str
    file: str  # relative to the project root
    old: str  # text that must occur exactly once
    new: str
    tests: str  # the pytest node ids (space-separated) of the gate that must catch it


FAULTS = [
    Fault('fast-predicate-ignores-unknown-keys', 'factcheck/fastschema.py',
          '        return lambda instance: not is_object(instance) or all(key in known for key in instance)',
          '        return _always',
          'tests/quality/test_checker_properties.py::test_mutated_claims_are_reported_in_place_never_crash'),
    Fault('occurrences-skip-overlaps', 'factcheck/anchoring.py',
          '        at = body.find(quote, at + 1)',
          '        at = body.find(quote, at + len(quote))',
          'tests/quality/test_anchoring_properties.py'),
    Fault('prefix-one-word-short', 'factcheck/anchoring.py',
          '        prefix = body[start:at]\n        if all(',
          '        prefix = body[start:at][1:] or body[start:at]\n        if all(',
          'tests/quality/test_anchoring_properties.py'),
    Fault('fuzzy-match-passes', 'factcheck/anchoring.py',
          '    if 0 <= start < end <= len(body) and body[start:end] == quote:\n',
          '    if 0 <= start < end <= len(body) and fold(body[start:end], FOLD_CLASSES)[0] == fold(quote, FOLD_CLASSES)[0]:\n',
          'tests/quality/test_anchoring_properties.py'),
    Fault('eof-line-unclamped', 'factcheck/yaml_loading.py',
          '    line, column = _inside(text, line, column)\n',
          '',
          'tests/quality/test_checker_properties.py::test_mutated_claims_are_reported_in_place_never_crash'),
    Fault('column-off-by-one', 'factcheck/yaml_loading.py',
          '            self.positions[path] = Position(mark.line + 1, mark.column + 1, *key_mark)',
          '            self.positions[path] = Position(mark.line + 1, mark.column + 2, *key_mark)',
          'tests/quality/test_checker_properties.py'),
    Fault('crash-on-null-value', 'factcheck/validation.py',
          '    elif instance is None:\n',
          '    elif instance is None and instance.strip():\n',
          'tests/quality/test_checker_properties.py::test_mutated_claims_are_reported_in_place_never_crash'),
    Fault('date-format-unchecked', 'factcheck/validation.py',
          'format_checker=FormatChecker(formats=["date"])',
          'format_checker=None',
          'tests/quality/test_checker_properties.py::test_mutated_claims_are_reported_in_place_never_crash'),
    Fault('duplicate-key-ignored', 'factcheck/yaml_loading.py',
          '            if key in first_seen:\n',
          '            if key in first_seen and False:\n',
          'tests/quality/test_checker_properties.py::test_mutated_claims_are_reported_in_place_never_crash'),
    Fault('offset-zero-rejected', 'factcheck/validation.py',
          '    return isinstance(instance, int) and not isinstance(instance, bool)\n',
          '    return isinstance(instance, int) and not isinstance(instance, bool) and instance != 0\n',
          'tests/quality/test_checker_properties.py::test_a_valid_claim_always_passes'),
    Fault('yaml-1.1-dates', 'factcheck/yaml_loading.py',
          '    """The value of an untagged plain scalar under the YAML 1.2 core schema."""\n',
          '    """The value of an untagged plain scalar under the YAML 1.2 core schema."""\n    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):\n        import datetime; return datetime.date.fromisoformat(text)\n',
          'tests/quality/test_checker_properties.py::test_schema_generated_claims_have_no_structural_errors'),
    Fault('encoding-line-counts-lf-only', 'factcheck/yaml_loading.py',
          '        lines = split_lines(data[:exc.start].decode("utf-8"))  # valid up to the bad byte\n',
          '        lines = data[:exc.start].decode("utf-8").split("\\n")\n',
          'tests/quality/test_checker_properties.py::test_hard_files_are_reported_in_place'),
    Fault('eof-line-unclamped-known-file', 'factcheck/yaml_loading.py',
          '    line, column = _inside(text, line, column)\n',
          '',
          'tests/quality/test_checker_properties.py::test_hard_files_are_reported_in_place'),
    Fault('build-in-place', 'factcheck/site/build.py',
          '        config.site_dir = str(staging)\n        run_mkdocs(config, serve_url=serve_url)\n        swap_into(staging, target)\n',
          '        config.site_dir = str(target)\n        run_mkdocs(config, serve_url=serve_url)\n',
          'tests/quality/test_build_faults.py::test_a_build_killed_midway_leaves_the_previous_site'),
    Fault('no-cleanup-on-failure', 'factcheck/site/build.py',
          '    except BaseException:\n        shutil.rmtree(staging, ignore_errors=True)\n        raise\n',
          '    except BaseException:\n        raise\n',
          'tests/quality/test_build_faults.py::test_a_full_output_directory_gives_a_clear_error'),
    Fault('read-only-traceback', 'factcheck/site/build.py',
          '    except OSError as exc:  # a read-only, full or missing output directory: say so, no traceback\n',
          '    except ZeroDivisionError as exc:\n',
          'tests/quality/test_build_faults.py::test_a_read_only_output_directory_gives_a_clear_error'),
    Fault('swap-not-atomic', 'factcheck/site/build.py',
          '        swap_into(staging, target)\n',
          '        shutil.rmtree(target, ignore_errors=True); time.sleep(1); swap_into(staging, target)\n',
          'tests/quality/test_build_faults.py::test_a_build_killed_midway_leaves_the_previous_site'),
    Fault('swap-two-renames', 'factcheck/site/build.py',
          '    if not sys.platform.startswith("linux"):\n        return False\n',
          '    if True:\n        return False\n',
          'tests/quality/test_build_faults.py::test_a_build_killed_at_any_step_of_the_swap_leaves_a_whole_site'),
    Fault('site-anchor-off-by-one', 'factcheck/site/plan/content.py',
          '        return f"cite-{self.key}"\n',
          '        return f"cite-{self.claim.id}-{self.citation.n + 1}"\n',
          'tests/quality/test_site_links.py'),
    Fault('site-verdict-label-hidden', 'factcheck/site/html/components.py',
          'f\'<span class="fc-badge__label">{text(verdict.label)}</span></span>\')',
          'f\'<span class="fc-badge__label" hidden>{text(verdict.label)}</span></span>\')',
          'tests/quality/test_accessibility.py::test_every_verdict_is_readable_without_colour'),
    Fault('site-badge-div-in-p', 'factcheck/site/html/components.py',
          '    return (f\'<span class="fc-badge{size}" data-verdict',
          '    return (f\'<div class="fc-badge{size}" data-verdict',
          'tests/quality/test_html_validity.py'),
    Fault('site-citation-not-focusable', 'factcheck/site/pages/claim.py',
          '<a class="fc-cite-link" href=',
          '<a class="fc-cite-link" tabindex="-1" href=',
          'tests/quality/test_accessibility.py::test_citations_are_reachable_and_followable_by_keyboard'),
    Fault('site-jsonld-label-is-id', 'factcheck/site/data/jsonld.py',
          '"alternateName": verdict.label}',
          '"alternateName": verdict.id}',
          'tests/quality/test_jsonld.py'),
    Fault('site-sources-in-hash-order', 'factcheck/site/data/jsonld.py',
          '"sources": [source_metadata(s) for s in sources],',
          '"sources": [source_metadata(s) for s in sorted(sources, key=lambda s: hash(s.id))],',
          'tests/quality/test_determinism.py'),
    Fault('site-no-alt-on-chart', 'factcheck/site/html/components.py',
          '    return (f\'<span class="fc-badge{size}" data-verdict',
          '    return (f\'<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><span class="fc-badge{size}" data-verdict',
          'tests/quality/test_accessibility.py::test_no_serious_or_critical_axe_violation'),
    # --- hardening: what a hostile or careless repository can do (tests/*/test_*hardening*.py) ---
    Fault('read-follows-symlinks', 'factcheck/files.py',
          '_READ_FLAGS = (os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)',
          '_READ_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)',
          'tests/checker/test_hardening.py::test_a_source_linked_outside_the_repository_is_refused'),
    Fault('read-blocks-on-a-fifo', 'factcheck/files.py',
          '_READ_FLAGS = (os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)',
          '_READ_FLAGS = (os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)',
          'tests/checker/test_hardening.py::test_a_fifo_in_claims_never_blocks_the_check'),
    Fault('special-files-read', 'factcheck/files.py',
          '            kind = _kind(info.st_mode)\n            if kind is not None:\n                raise Unreadable(kind)\n            if info.st_size',
          '            if info.st_size',
          'tests/quality/test_hostile_inputs_properties.py::test_special_entries_are_refused_with_a_located_error'),
    Fault('yaml-depth-unlimited', 'factcheck/yaml_loading.py',
          '        elif len(path) >= MAX_DEPTH and kind in (_SEQUENCE_START, _MAPPING_START):',
          '        elif False:',
          'tests/checker/test_hardening.py::test_deep_nesting_and_huge_numbers_are_located_errors'),
    Fault('huge-number-converted', 'factcheck/yaml_loading.py',
          '        if len(text) > MAX_NUMBER_DIGITS and len(text.lstrip("+-")) > MAX_NUMBER_DIGITS:\n            raise NumberTooLong(text)\n',
          '',
          'tests/quality/test_hostile_inputs_properties.py::test_hostile_values_are_reported_in_place_never_crash'),
    Fault('fix-overwrites-a-newer-save', 'factcheck/fix.py',
          '        if now != fix.original:',
          '        if False:',
          'tests/tools/test_write_safety.py::test_fix_never_overwrites_an_edit_saved_after_it_read_the_file'),
    Fault('write-leaves-its-temporary-file', 'factcheck/files.py',
          '            try:\n                os.unlink(tmp)\n',
          '            try:\n                pass\n',
          'tests/tools/test_write_safety.py::test_write_atomically_leaves_no_temporary_file_when_it_fails'),
    Fault('write-full-disk-traceback', 'factcheck/files.py',
          '    except OSError as exc:\n        if exc.errno == errno.ENOSPC:',
          '    except ZeroDivisionError as exc:\n        if exc.errno == errno.ENOSPC:',
          'tests/tools/test_write_safety.py::test_a_full_disk_gives_one_line'),
    Fault('site-private-mode', 'factcheck/site/build.py',
          '            os.mkdir(path, 0o777)',
          '            os.mkdir(path, 0o700)',
          'tests/site/test_build_hardening.py::test_site_gets_the_mode_plain_mkdocs_gives_it'),
    Fault('leftovers-by-pid-only', 'factcheck/site/build.py',
          '            if (_process_start(pid) == started) if started is not None else _process_exists(pid):',
          '            if _process_exists(pid):',
          'tests/site/test_build_hardening.py::test_a_leftover_whose_process_id_was_reused_is_removed'),
    Fault('mkdocs-config-exit-1', 'factcheck/cli.py',
          '        if isinstance(exc, ConfigurationError):  # mkdocs.yml: exit status 2, from main\'s one place',
          '        if False:',
          'tests/site/test_build_hardening.py::test_a_broken_missing_or_pluginless_mkdocs_yml_exits_2'),
    Fault('paths-fall-back-to-every-claim', 'factcheck/cli.py',
          '            raise ConfigurationError(f"{shown} holds no claim files (*.yaml): nothing to check there")',
          '            continue',
          'tests/checker/test_hardening.py::test_paths_that_name_no_claim_are_usage_errors'),
    Fault('usage-block-printed', 'factcheck/cli.py',
          '        print(f"build.py: error: {message} (see `{helping}`)", file=sys.stderr)',
          '        self.print_usage(sys.stderr)\n        print(f"build.py: error: {message} (see `{helping}`)", file=sys.stderr)',
          'tests/checker/test_hardening.py::test_a_usage_error_is_one_line'),
    Fault('keys-printed-raw', 'factcheck/reporters.py',
          '                     f"{terminal_safe(d.message)}")',
          '                     f"{d.message}")',
          'tests/checker/test_hardening.py::test_control_characters_in_keys_are_escaped_in_the_text_report'),
    Fault('file-names-shown-raw', 'factcheck/files.py',
          '        if relative is not None:\n            return printable(relative)\n',
          '        if relative is not None:\n            return relative\n',
          'tests/checker/test_hardening.py::test_json_is_valid_utf8_whatever_a_file_is_called'),
    Fault('title-keeps-controls', 'factcheck/site/html/escaping.py',
          '    return html.escape(_CONTROLS.sub("\\ufffd", str(value)), quote=True)',
          '    return html.escape(str(value), quote=True)',
          'tests/site/test_build_hardening.py::test_control_characters_in_claim_text_never_reach_the_page'),
    Fault('seed-dates-shape-only', 'factcheck/sources.py',
          '        elif key in ("published", "retrieved") and not _is_date(value):',
          '        elif key in ("published", "retrieved") and not _DATE.match(value):',
          'tests/checker/test_hardening.py::test_impossible_front_matter_dates_are_errors'),
    Fault('reserved-claim-id-allowed', 'factcheck/checker.py',
          '        elif path.stem.lower() in RESERVED_IDS:',
          '        elif False:',
          'tests/checker/test_hardening.py::test_reserved_claim_and_source_ids_are_rejected_with_the_reason'),
    Fault('deep-summary-unchecked', 'factcheck/checker.py',
          '        problem = markdown_problem(value) if isinstance(value, str) else None',
          '        problem = None',
          'tests/checker/test_hardening.py::test_a_summary_nested_600_deep_is_rejected_at_its_line'),
    Fault('unique-items-pairwise', 'factcheck/validation.py',
          ', "uniqueItems": unique_items},',
          '},',
          'tests/checker/test_linear_work.py::test_unique_items_of_10000_mappings_compares_no_pairs'),
    Fault('fuzzy-quote-unbounded', 'factcheck/anchoring.py',
          '    quote = quote[:FUZZY_QUOTE_CHARS]\n',
          '',
          'tests/checker/test_linear_work.py::test_a_long_unmatched_quote_compares_bounded_pieces'),
    Fault('markdown-links-rescan', 'factcheck/site/html/analyst_markdown.py',
          '                    _bounded(processor, brackets)',
          '                    pass',
          'tests/checker/test_linear_work.py::test_markdown_links_are_parsed_in_linear_work'),
    Fault('claim-hashes-every-citation', 'factcheck/model.py',
          '        return hash(self.id)',
          '        return hash((self.id, self.evidence))',
          'tests/checker/test_linear_work.py::test_a_claim_with_thousands_of_citations_hashes_each_once'),
    Fault('excerpt-reads-the-paragraph', 'factcheck/site/html/excerpts.py',
          '    reach = 64 * words\n',
          '    reach = len(body) + 1\n',
          'tests/checker/test_linear_work.py::test_an_excerpt_reads_a_bounded_window_of_its_paragraph'),
    Fault('hypothesis-random-by-default', 'tests/conftest.py',
          '_FIXED = dict(derandomize=True, database=None,',
          '_FIXED = dict(derandomize=False,',
          'tests/quality/test_hypothesis_profiles.py'),
    Fault('site-search-index-fetched-on-load', 'factcheck/site/assets/search.js',
          '  opener.hidden = false;\n',
          '  opener.hidden = false;\n  manifest();\n',
          'tests/site/test_browser.py::test_search_fetches_nothing_before_the_reader_types_then_lands_on_a_source_passage'),
    Fault('site-listing-one-page', 'factcheck/site/pages/listings/pagination.py',
          '        return max(1, -(-self.total // self.size))\n',
          '        return 1\n',
          'tests/site/test_listings.py'),
    Fault('site-table-overflows-the-page', 'factcheck/site/assets/factcheck.css',
          '  position: relative; overflow-x: auto; margin: 1em 0 .3em; max-width: 100%;\n',
          '  margin: 1em 0 .3em;\n',
          'tests/site/test_browser.py::test_no_page_scrolls_sideways_on_a_phone'),
]


def run(fault: Fault, copy: Path) -> tuple[bool, str]:
    path = copy / fault.file
    original = path.read_text(encoding="utf-8")
    if original.count(fault.old) != 1:
        return False, f"the code changed: {fault.file} no longer holds the text this fault replaces"
    path.write_text(original.replace(fault.old, fault.new), encoding="utf-8")
    try:
        env = {**os.environ, "CI": "true", "HYPOTHESIS_PROFILE": "fault-injection",
               "PYTHONPATH": str(copy)}
        done = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
                               *fault.tests.split()], cwd=copy, env=env, capture_output=True,
                              text=True, timeout=1800)
        lines = done.stdout.splitlines()
        first = next((line.strip() for line in lines if line.startswith("E ")), "")
        summary = lines[-1] if lines else done.stderr.strip()[-200:]
        if done.returncode == 1:
            return True, f"{summary}; {first[:160]}"
        return False, f"exit {done.returncode}: {summary}"
    finally:
        path.write_text(original, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="faults to run (default: all)")
    parser.add_argument("--list", action="store_true", help="list the faults and their gates")
    args = parser.parse_args()
    by_name = {f.name: f for f in FAULTS}
    if args.list:
        for fault in FAULTS:
            print(f"{fault.name:40} {fault.tests}")
        return 0
    unknown = [n for n in args.names if n not in by_name]
    if unknown:
        parser.error(f"unknown fault(s): {', '.join(unknown)}")
    chosen = [by_name[n] for n in args.names] or FAULTS
    missed = 0
    with tempfile.TemporaryDirectory(prefix="fault-injection-") as scratch:
        copy = Path(scratch) / "project"
        shutil.copytree(REPO, copy, ignore=ignored)
        modules = REPO / "tests" / "quality" / "node_modules"
        if modules.is_dir():
            (copy / "tests" / "quality" / "node_modules").symlink_to(modules)
        for fault in chosen:
            started = time.monotonic()
            caught, detail = run(fault, copy)
            missed += not caught
            print(f"{'caught' if caught else 'MISSED'}  {fault.name} ({time.monotonic() - started:.0f} s): {detail}",
                  flush=True)
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
