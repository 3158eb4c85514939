"""Run notebooks/explore.ipynb headless on each report directory given, as CI does.

    python3 notebooks/run.py reports/2024-25 [reports/2010-11 ...]

Fails (exit 1) on the first cell that raises, printing the cell and its error. The
notebook file is never written back, so it stays committed without outputs.
"""

import os
import sys
from pathlib import Path

import nbclient
import nbformat

NOTEBOOK = Path(__file__).with_name("explore.ipynb")


def main(dirs: list[str]) -> int:
    if not dirs:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    for d in dirs:
        os.environ["SLM_REPORT_DIR"] = str(Path(d).resolve())
        nb = nbformat.read(NOTEBOOK, as_version=4)
        client = nbclient.NotebookClient(
            nb,
            timeout=600,
            kernel_name="python3",
            resources={"metadata": {"path": str(NOTEBOOK.parent)}},
        )
        try:
            client.execute()
        except nbclient.exceptions.CellExecutionError as e:
            print(f"{NOTEBOOK} failed on {d}:\n{e}", file=sys.stderr)
            return 1
        printed = [
            o.get("text", "")
            for c in nb.cells
            if c.cell_type == "code"
            for o in c.get("outputs", [])
            if o.get("output_type") == "stream" and o.get("name") == "stdout"
        ]
        last = "".join(printed).strip().splitlines()[-1:]
        print(f"{NOTEBOOK.name} on {d}: ok" + (f" ({last[0]})" if last else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
