"""The writers' quality gate: rules ``sscbgen check`` applies to what builds, as warnings.

Each rule is documented in docs/quality.md and switched off in config.yaml's ``quality:``.
``settings`` holds that part of config.yaml; ``review`` runs the rules on a Site.
"""
