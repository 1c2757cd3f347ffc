"""The rules' code exactly as it was before the speed work (commit 20f6b04), kept as a reference.

tests/test_speed_equivalence.py checks that the optimised library returns equal results (compared
as ``to_dict`` output, field for field) and raises the same errors. Never optimise these copies:
their point is to stay the plain, obvious version. Only the imports were changed.
"""
