"""Checks executed notebooks (bin/notebooks --execute): no cell failed, each shows a real chart,
and notebook 02 holds the model comparison with numbers. Usage: check-notebooks.py DIR

With --shop-lake, checks notebooks 01 and 03 executed on the lake .ci/run imports from the online-retail
fixtures (orders outside live rooms, no segments): they ran through, saying what the lake lacks, and 01's
sales per day are the fixtures' own figures. Usage: check-notebooks.py --shop-lake DIR"""
import base64
import json
import re
import sys
from pathlib import Path

NOTEBOOKS = ["01-explore-gold", "02-reproduce-paper-001", "03-users-segments-recommendations"]
# A PNG chart with a title, axes and data is tens of kilobytes; a blank or failed render is far less.
MIN_PNG_BYTES = 10_000
NUMBER = r"-?\d+\.\d{3}"
# The perceptron's row of this lake in the comparison table: MAE, RMSE and R2 as numbers.
MLP_ROW = re.compile(r"<td>this lake</td><td>mlp</td><td>(%s)</td><td>(%s)</td><td>(%s|-Infinity)</td>" % (NUMBER, NUMBER, NUMBER))
PAPER_ROW = "<td>paper 001, Table 7</td><td>BPNN (14-5-1)</td><td>0.182</td><td>0.257</td><td>0.910</td>"
# The fixtures' paid orders: 536365 35.64, 536366 11.10, 489434 265.20, 489461 44.25, 489462 25.50 (GBP 381.69);
# refunds 27.50 and 45.30 (72.80); net 308.89, from 2009-12-01 to 2010-12-01, all outside live rooms.
SHOP_EXPECTED = {
    "01-explore-gold": ["<tr><td>shop</td><td>2009-12-01</td><td>2010-12-01</td><td>5</td><td>2</td><td>308.890</td></tr>",
                        "gold.realtime_kpis has no rows: no live session of this lake had events.",
                        "no viewer in a live room on online-retail: the funnel starts in a room"],
    "03-users-segments-recommendations": ["gold.segment_profiles is missing or empty: run bin/livelake segments",
                                          "intra-list diversity is not measured"],
}


def text(value):
    return "".join(value) if isinstance(value, list) else value


def shown(outputs):
    """Everything a notebook's cells printed or showed as HTML, as one text."""
    parts = [text(o["text"]) for o in outputs if o["output_type"] == "stream"]
    parts += [text(o["data"]["text/html"]) for o in outputs if "text/html" in o.get("data", {})]
    return "\n".join(parts).replace("\n<", "<")


def problems(path, expected=()):
    if not path.is_file():
        return ["missing"]
    if not path.with_suffix(".html").is_file():
        return ["no HTML copy"]
    cells = json.loads(path.read_text())["cells"]
    outputs = [o for c in cells if c["cell_type"] == "code" for o in c.get("outputs", [])]
    found = []
    if any(c["cell_type"] == "code" and c.get("execution_count") is None for c in cells):
        found.append("a code cell did not run")
    found += ["cell error: %s: %s" % (o.get("ename"), o.get("evalue")) for o in outputs if o["output_type"] == "error"]
    pngs = [len(base64.b64decode(text(o["data"]["image/png"]))) for o in outputs if "image/png" in o.get("data", {})]
    if not any(size >= MIN_PNG_BYTES for size in pngs):
        found.append("no PNG chart of %d bytes or more (PNG sizes: %s)" % (MIN_PNG_BYTES, pngs))
    found += ["does not show: %s" % e for e in expected if e not in shown(outputs)]
    if path.stem == "02-reproduce-paper-001":
        html = "".join(text(o["data"]["text/html"]) for o in outputs if "text/html" in o.get("data", {}))
        if not MLP_ROW.search(html):
            found.append("no model comparison row for this lake's mlp with MAE, RMSE and R2 numbers")
        if PAPER_ROW not in html:
            found.append("no row of paper 001's published BPNN figures beside it")
    return found


def main():
    shop = sys.argv[1] == "--shop-lake"
    out = Path(sys.argv[-1])
    failed = 0
    for name in SHOP_EXPECTED if shop else NOTEBOOKS:
        found = problems(out / (name + ".ipynb"), SHOP_EXPECTED.get(name, ()) if shop else ())
        failed += bool(found)
        print("notebook %s: %s" % (name, "; ".join(found) if found else "ok"))
    sys.exit(1 if failed else 0)


main()
