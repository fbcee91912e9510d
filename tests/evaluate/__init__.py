"""Tests of hyoka.evaluate: achievement, proposals, the overall rating and rating policies."""
