"""Renderings of `hyoka check` reports: the terminal table (`table`), SARIF 2.1.0 (`sarif`); the
JSON is the report model itself (`hyoka.model.findings.CheckReport`)."""
