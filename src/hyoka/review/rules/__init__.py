"""The rules of the catalogue, one module per group of ../shared/design/guideline-rules.md:
structure (category and chapters), attachments, period, items, quantitative targets, research
(outcomes and evaluation axes), flags (重要度・困難度), units, governance (efficiency, finance,
governance) and procedure. Importing a module registers its rules (`hyoka.review.registry`).
"""
