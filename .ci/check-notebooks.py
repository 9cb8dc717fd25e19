"""Checks executed notebooks (bin/notebooks --execute): no cell failed, each shows a real chart,
and notebook 02 holds the model comparison with numbers. Usage: check-notebooks.py DIR"""
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


def text(value):
    return "".join(value) if isinstance(value, list) else value


def problems(path):
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
    if path.stem == "02-reproduce-paper-001":
        html = "".join(text(o["data"]["text/html"]) for o in outputs if "text/html" in o.get("data", {}))
        if not MLP_ROW.search(html):
            found.append("no model comparison row for this lake's mlp with MAE, RMSE and R2 numbers")
        if PAPER_ROW not in html:
            found.append("no row of paper 001's published BPNN figures beside it")
    return found


def main():
    out = Path(sys.argv[1])
    failed = 0
    for name in NOTEBOOKS:
        found = problems(out / (name + ".ipynb"))
        failed += bool(found)
        print("notebook %s: %s" % (name, "; ".join(found) if found else "ok"))
    sys.exit(1 if failed else 0)


main()
