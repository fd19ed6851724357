"""`juesuan serve`: the portal (defined in juesuan.web.cli, which imports nothing heavy)."""

from __future__ import annotations

from juesuan.web.cli import register

__all__ = ["register"]
