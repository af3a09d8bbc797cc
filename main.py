#!/usr/bin/env python
"""Entry point of the sample app: ``cdktf synth`` runs this (see cdktf.json)."""

from sample_app.stacks import build_app

if __name__ == "__main__":
    build_app().synth()
