"""The Python examples of docs/web.md run against a real ``accord serve`` on 127.0.0.1."""

from __future__ import annotations

import re
from pathlib import Path

from tests.web.server import running

DOC = Path(__file__).resolve().parents[2] / "docs" / "web.md"


def test_web_docs_python_examples_run(tmp_path: Path, capsys: object) -> None:
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert blocks, "docs/web.md has no Python example"
    with running(tmp_path / "runs.sqlite", "--max-draws", "200000") as server:
        for code in blocks:
            exec(compile(code.replace("http://127.0.0.1:8000", server.url), "web.md", "exec"),
                 {})
