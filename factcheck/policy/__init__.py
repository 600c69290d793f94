"""House rules: the desk's editorial policy, checked on every claim beside the schema.

Each rule has a level in ``schema/policy.yaml`` (``error``, ``warning`` or ``off``; ``warning``
when unset) and a diagnostic code. The steps, each in its own module:

- ``config``: read ``schema/policy.yaml`` once per check (levels by rule);
- ``rules``: one generator per rule yielding located diagnostics, and the table rule -> code ->
  function (the shape of jsonschema's ``_keywords.py``);
- ``record``: what the editorial record must say of itself whatever the levels (corrections
  oldest first, none dated before publication);
- ``corrections``: the rule that compares a claim with a git revision (``check --base REV``);
- ``base``: the claims and sources at that revision, read from git into memory.

``base`` is imported only by the command that needs it: it reads git through the review tool,
which itself runs the checker.
"""

from __future__ import annotations

from .config import POLICY_FILE, Level, Policy, load_policy
from .rules import RULES, HouseRules, Rule

__all__ = ["POLICY_FILE", "RULES", "HouseRules", "Level", "Policy", "Rule", "load_policy"]
