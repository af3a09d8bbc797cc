"""The checks engine: everything checked about an add-on before Terraform runs (pure Python).

:func:`eks_addons.plan.plan_addon` runs each check below and collects one
:class:`~eks_addons.errors.Findings`; the checks read the add-on's spec
(:mod:`eks_addons.specs`) and the catalog, below them:

- :mod:`~eks_addons.checks.arguments`: the provider's own argument rules, and their types;
- :mod:`~eks_addons.checks.versions`: version selection and compatibility;
- :mod:`~eks_addons.checks.configuration`: the configuration read into its builder and
  rendered once, then :mod:`~eks_addons.checks.schema` (AWS's JSON Schema of the version)
  and the add-on's rules;
- :mod:`~eks_addons.checks.placement`: where the pods can run, once the compute is known.

Values known only to Terraform are not checked.
"""

from eks_addons.checks.arguments import ResolveConflicts

__all__ = ["ResolveConflicts"]
