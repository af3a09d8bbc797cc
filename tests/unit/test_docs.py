"""The docs' option tables are generated from the builders and must be current."""

import subprocess
import sys

from tests.helpers import ROOT


def test_option_tables_in_docs_are_current() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "scripts.gen_docs", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_builder_page_has_its_table() -> None:
    for page, builder in [
        ("vpc-cni.md", "VpcCniConfig"),
        ("coredns.md", "CoreDnsConfig"),
        ("kube-proxy.md", "KubeProxyConfig"),
    ]:
        text = (ROOT / "docs" / page).read_text()
        assert f"<!-- options:{builder} -->\n| option |" in text, page
