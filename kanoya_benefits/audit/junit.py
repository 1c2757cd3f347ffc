"""An audit run as JUnit XML, the format the city's CI server reads.

One ``<testsuite>`` per case file; a failed case carries a ``<failure>`` listing
every mismatch, an errored one an ``<error>`` with its file and line.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict

from .runner import ERRORED, FAILED, AuditRun, CaseResult


def _mismatch_text(result: CaseResult) -> str:
    lines = [f"{m.field}: expected {m.expected!r}, got {m.got!r}" for m in result.mismatches]
    if result.working is not None:
        lines.append("working:")
        lines += [f"  {it.label_en} / {it.label_ja}: {it.quantity} × {it.unit_amount} = {it.subtotal}"
                  f" [{it.parameter or ''}]" for it in result.working.line_items]
    if result.error:
        lines.append(f"error: {result.error}")
    return "\n".join(lines)


def audit_junit(run: AuditRun) -> str:
    """The run as a JUnit XML document (text)."""
    by_file: dict[str, list[CaseResult]] = defaultdict(list)
    for r in run.results:
        by_file[r.file].append(r)
    root = ET.Element("testsuites", name="kanoya-benefits audit", tests=str(len(run.results)),
                      failures=str(run.failed), errors=str(run.errored))
    for file, results in by_file.items():
        suite = ET.SubElement(root, "testsuite", name=file, tests=str(len(results)),
                              failures=str(sum(r.status == FAILED for r in results)),
                              errors=str(sum(r.status == ERRORED for r in results)))
        props = ET.SubElement(suite, "properties")
        ET.SubElement(props, "property", name="rules_source", value=run.rules_source)
        ET.SubElement(props, "property", name="rules_version", value=run.rules_version)
        for r in results:
            case = ET.SubElement(suite, "testcase", name=r.name, classname=r.programme or "case_file",
                                 file=r.file, line=str(r.line or 0))
            where = f"{r.file}:{r.line or '?'}"
            if r.status == FAILED:
                first = r.mismatches[0] if r.mismatches else None
                msg = f"{where}: {first.field}: expected {first.expected!r}, got {first.got!r}" if first else where
                ET.SubElement(case, "failure", message=msg, type="mismatch").text = _mismatch_text(r)
            elif r.status == ERRORED:
                ET.SubElement(case, "error", message=f"{where}: {r.error}", type=r.error_code or "error").text = \
                    _mismatch_text(r)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
