"""One self-contained HTML page for an audit or a comparison, readable on screen and on paper.

Everything is inline (CSS, the SVG bar chart); nothing is fetched, so the page
opens on a machine without internet and prints as it shows. Every text from a
case file or rules data is escaped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

from ..money import format_yen
from ..results import LineItem
from .compare import CHANGED, ERRORED, Comparison, ComparisonRow, by_programme
from .programmes import Working
from .runner import PASSED, AuditRun, CaseResult

_CSS = """
:root { --ink: #1d2329; --muted: #5b6670; --line: #d5dbe0; --bad: #b3261e; --good: #1e6b36; --warn: #8a5a00; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", Meiryo, system-ui, sans-serif;
       color: var(--ink); margin: 2rem auto; max-width: 1100px; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; } h2 { border-bottom: 2px solid var(--ink); padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: .2rem 0; }
.meta { color: var(--muted); font-size: .9rem; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid var(--line); padding: .25rem .45rem; text-align: left; vertical-align: top; }
th { background: #f1f4f6; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.case { border: 1px solid var(--line); border-left: 6px solid var(--bad); padding: .6rem .8rem; margin: .8rem 0; }
.case.changed { border-left-color: var(--warn); }
.status { font-weight: bold; text-transform: uppercase; font-size: .8rem; }
.passed { color: var(--good); } .failed, .errored { color: var(--bad); } .changed { color: var(--warn); }
.cite { color: var(--muted); font-size: .8rem; }
.ok { color: var(--good); font-weight: bold; }
svg text { font-family: inherit; font-size: 12px; }
@media print {
  @page { size: A4; margin: 14mm; }
  body { margin: 0; max-width: none; font-size: 9.5pt; }
  .case, table, svg { break-inside: avoid; }
  h2 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""


def _page(title: str, meta: Sequence[str], body: Iterable[str]) -> str:
    head = (f'<!DOCTYPE html>\n<html lang="ja">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n")
    top = f"<header><h1>{escape(title)}</h1>" + "".join(f'<p class="meta">{escape(m)}</p>' for m in meta) + \
        "</header>\n"
    return head + top + "\n".join(body) + "\n</body>\n</html>\n"


def _yen(v: int | None) -> str:
    return "—" if v is None else escape(format_yen(v))


def _signed(v: int | None) -> str:
    if v is None:
        return "—"
    return escape(("+" if v > 0 else "") + format_yen(v))


def _value(v: Any) -> str:
    if isinstance(v, int) and not isinstance(v, bool):
        return _yen(v)
    return escape("—" if v is None else str(v))


def _lines_table(items: Sequence[LineItem]) -> str:
    if not items:
        return "<p>明細なし / no line items</p>"
    rows = "".join(
        f"<tr><td>{escape(it.label_ja)}<br>{escape(it.label_en)}</td><td class=num>{it.quantity:,}</td>"
        f"<td class=num>{_yen(it.unit_amount)}</td><td class=num>{_yen(it.subtotal)}</td>"
        f'<td>{escape(it.parameter or "")}<br><span class="cite">{escape(it.citation)}</span></td></tr>'
        for it in items)
    return ("<table class=lines><thead><tr><th>明細 / line item</th><th class=num>数量 / qty</th>"
            "<th class=num>単価 / unit</th><th class=num>小計 / subtotal</th><th>根拠 / rule and citation</th>"
            f"</tr></thead><tbody>{rows}</tbody></table>")


def _working(w: Working | None, heading: str = "計算過程 / working") -> str:
    if w is None:
        return ""
    parts = [f"<h4>{escape(heading)}: {_yen(w.amount)}"
             + (f" （上限前 / uncapped {_yen(w.uncapped)}）" if w.uncapped != w.amount else "") + "</h4>",
             _lines_table(w.line_items)]
    if w.flags:
        parts.append("<ul class=flags>" + "".join(
            f"<li><b>{escape(fl.code)}</b>: {escape(fl.reason_ja)} / {escape(fl.reason_en)}</li>" for fl in w.flags)
            + "</ul>")
    if w.notes:
        parts.append("<ul class=notes>" + "".join(
            f"<li>{escape(n.parameter)} ({escape(n.status)}): {escape(n.text_ja)} / {escape(n.text_en)}</li>"
            for n in w.notes) + "</ul>")
    parts.append(f'<p class="cite">rules version {escape(w.rules_version)}</p>')
    return "\n".join(parts)


# -- audit -------------------------------------------------------------------------------------


def _case_block(r: CaseResult) -> str:
    where = f"{r.file}:{r.line or '?'}"
    out = [f'<article class="case {escape(r.status)}"><h3>{escape(r.name)}</h3>',
           f'<p><span class="status {escape(r.status)}">{escape(r.status)}</span> · {escape(where)} · '
           f"{escape(r.programme or '')}</p>"]
    if r.mismatches:
        rows = "".join(f"<tr><td>{escape(m.field)}</td><td class=num>{_value(m.expected)}</td>"
                       f"<td class=num>{_value(m.got)}</td></tr>" for m in r.mismatches)
        out.append("<table class=mismatches><thead><tr><th>項目 / field</th><th class=num>期待値 / expected</th>"
                   f"<th class=num>計算値 / got</th></tr></thead><tbody>{rows}</tbody></table>")
    if r.error:
        out.append(f"<p><b>{escape(r.error_code or 'error')}</b>: {escape(r.error)}</p>")
    if r.inputs:
        shown = ", ".join(f"{k}={_short(v)}" for k, v in r.inputs.items())
        out.append(f"<p class=inputs>入力 / inputs: {escape(shown)}</p>")
    out.append(_working(r.working))
    out.append("</article>")
    return "\n".join(out)


def _short(v: Any) -> str:
    if isinstance(v, list):
        return f"[{len(v)} rows]"
    return str(v)


def audit_html(run: AuditRun, *, title: str = "監査結果 / Audit report") -> str:
    """The audit report page: summary, every failing or errored case with its working, all cases."""
    bad = [r for r in run.results if r.status != PASSED]
    summary = (
        '<section id="summary"><h2>概要 / Summary</h2><table><tbody>'
        f"<tr><th>ケース数 / cases</th><td class=num>{len(run.results):,}</td></tr>"
        f'<tr><th>合格 / passed</th><td class="num passed">{run.passed:,}</td></tr>'
        f'<tr><th>不一致 / failed</th><td class="num failed">{run.failed:,}</td></tr>'
        f'<tr><th>エラー / errored</th><td class="num errored">{run.errored:,}</td></tr>'
        "</tbody></table>"
        + ('<p class="ok">全ケース合格 / every case passed</p>' if run.ok else "")
        + "</section>")
    failures = ('<section id="failures"><h2>不一致・エラー / Failures and errors</h2>'
                + ("".join(_case_block(r) for r in bad) if bad else "<p>なし / none</p>") + "</section>")
    rows = "".join(
        f'<tr><td>{escape(r.name)}</td><td>{escape(r.programme or "")}</td>'
        f'<td>{escape(r.file)}:{r.line or "?"}</td><td class="status {escape(r.status)}">{escape(r.status)}</td>'
        f"<td class=num>{_yen(r.working.amount if r.working else None)}</td></tr>" for r in run.results)
    cases = ('<section id="cases"><h2>全ケース / All cases</h2><table><thead><tr><th>ケース / case</th>'
             "<th>事業 / programme</th><th>場所 / where</th><th>結果 / status</th><th class=num>金額 / amount</th>"
             f"</tr></thead><tbody>{rows}</tbody></table></section>")
    meta = [f"ルール / rules: {run.rules_source} (version {run.rules_version})"]
    return _page(title, meta, [summary, failures, cases])


# -- compare -----------------------------------------------------------------------------------


def impact_chart(impacts: dict[str, int]) -> str:
    """An inline SVG bar chart of the budget impact per programme (bars left of zero are savings)."""
    width, label_w, row_h = 720, 260, 28
    height = 20 + row_h * max(1, len(impacts))
    biggest = max((abs(v) for v in impacts.values()), default=0) or 1
    zero = label_w + (width - label_w - 20) / 2
    half = (width - label_w - 20) / 2 - 70
    parts = [f'<svg role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" aria-label="budget impact per programme">',
             f'<line x1="{zero:.1f}" y1="4" x2="{zero:.1f}" y2="{height - 4}" stroke="#5b6670"/>']
    for i, (prog, diff) in enumerate(sorted(impacts.items())):
        y = 10 + i * row_h
        w = abs(diff) / biggest * half
        x = zero if diff >= 0 else zero - w
        colour = "#8a5a00" if diff > 0 else "#1e6b36" if diff < 0 else "#5b6670"
        tx = zero + w + 6 if diff >= 0 else zero - w - 6
        anchor = "start" if diff >= 0 else "end"
        parts.append(f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end">{escape(prog)}</text>')
        parts.append(f'<rect x="{x:.1f}" y="{y + 2}" width="{max(w, 1):.1f}" height="{row_h - 8}" fill="{colour}"/>')
        parts.append(f'<text x="{tx:.1f}" y="{y + 15}" text-anchor="{anchor}">{_signed(diff)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _row_block(r: ComparisonRow) -> str:
    where = f" · {r.file}:{r.line}" if r.file else ""
    out = [f'<article class="case {escape(r.status)}"><h3>{escape(r.key)}</h3>',
           f'<p><span class="status {escape(r.status)}">{escape(r.status)}</span> · {escape(r.programme)}'
           f"{escape(where)} · FY{r.fiscal_year or '—'}</p>",
           f"<table><tbody><tr><th>現行 / current</th><td class=num>{_yen(r.old)}</td>"
           f"<th>改正案 / reform</th><td class=num>{_yen(r.new)}</td>"
           f"<th>差額 / difference</th><td class=num>{_signed(r.difference)}</td></tr></tbody></table>"]
    if r.error:
        out.append(f"<p><b>error</b>: {escape(r.error)}</p>")
    out.append(_working(r.old_working, "現行ルールの計算 / working under the current rules"))
    out.append(_working(r.new_working, "改正案の計算 / working under the reform"))
    out.append("</article>")
    return "\n".join(out)


def compare_html(comparison: Comparison, problems: Sequence[str] = (), *,
                 title: str = "改正影響比較 / Reform comparison") -> str:
    """The comparison page: summary, chart of impact per programme, totals per fiscal year, every changed row."""
    c = comparison
    changed = [r for r in c.rows if r.status in (CHANGED, ERRORED)]
    summary = (
        '<section id="summary"><h2>概要 / Summary</h2><table><tbody>'
        f"<tr><th>比較件数 / rows compared</th><td class=num>{len(c.rows):,}</td></tr>"
        f'<tr><th>変動 / changed</th><td class="num changed">{sum(r.status == CHANGED for r in c.rows):,}</td></tr>'
        f'<tr><th>エラー / errored</th><td class="num errored">{c.errored:,}</td></tr>'
        f"<tr><th>予算影響額 / total budget impact</th><td class=num>{_signed(c.total_difference)}</td></tr>"
        "</tbody></table></section>")
    chart = ('<section id="impact"><h2>事業別の予算影響 / Budget impact per programme</h2>'
             + impact_chart(by_programme(c)) + "</section>")
    trows = "".join(
        f"<tr><td>{escape(t.programme)}</td><td>{t.fiscal_year or '—'}</td><td class=num>{t.rows:,}</td>"
        f"<td class=num>{t.changed:,}</td><td class=num>{_yen(t.old)}</td><td class=num>{_yen(t.new)}</td>"
        f"<td class=num>{_signed(t.difference)}</td></tr>" for t in c.totals)
    totals = ('<section id="totals"><h2>事業・年度別 / Per programme and fiscal year</h2><table><thead><tr>'
              "<th>事業 / programme</th><th>年度 / FY</th><th class=num>件数 / rows</th>"
              "<th class=num>変動 / changed</th>"
              "<th class=num>現行 / current</th><th class=num>改正案 / reform</th><th class=num>差額 / difference</th>"
              f"</tr></thead><tbody>{trows}</tbody></table></section>")
    changes = ('<section id="changes"><h2>変動した行 / Changed rows</h2>'
               + ("".join(_row_block(r) for r in changed) if changed else "<p>なし / none</p>") + "</section>")
    body = [summary, chart, totals, changes]
    if problems:
        body.append('<section id="problems"><h2>入力エラー行 / Input rows in error</h2><ul>'
                    + "".join(f"<li>{escape(p)}</li>" for p in problems) + "</ul></section>")
    meta = [f"現行 / current rules: {c.base_source} (version {c.base_version})",
            f"改正案 / reform: {c.reform_source} (version {c.reform_version})"]
    return _page(title, meta, body)
