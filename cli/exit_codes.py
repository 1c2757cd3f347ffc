"""Exit codes of ``kanoya-benefits``: the one table, mirrored in the README."""

OK = 0  # every row fine / the command succeeded
ROW_ERRORS = 1  # the batch ran and wrote its output, but some input rows were error rows
USAGE = 2  # wrong command-line usage (argparse's own code), or an output refused by cli/outputs.py
BAD_INPUT = 3  # unusable input: missing file, wrong columns, invalid value or rules data
CHECK_FAILED = 4  # an audit or manual check found failures
OUTPUT_ERROR = 5  # the output could not be written (e.g. held open by Excel)
INTERNAL_ERROR = 70  # a defect of ours: reported in one line, never a traceback (please report it)
INTERRUPTED = 130  # Ctrl-C
