"""scripts/newscrawl-cron, README's crontab command: quiet on success and on a skipped run, an alert on failure."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from helpers import OFFLINE_BROWSER, PROJECT_ROOT
from localsite import LocalSite
from mirror import Mirror, default_articles
from newscrawl.runs import RunLock

WRAPPER = PROJECT_ROOT / "scripts" / "newscrawl-cron"


def run_wrapper(tmp_path: Path, base_url: str, *options: str) -> subprocess.CompletedProcess[str]:
    """The wrapper as cron runs it: scrapy of this environment first on PATH, logs under tmp_path."""
    settings = {
        "NEWSCRAWL_STORE_PATH": str(tmp_path / "store.sqlite3"),
        "NEWSCRAWL_ARCHIVE_DIR": str(tmp_path / "warc"),
        "DOWNLOAD_DELAY": "0",
        "AUTOTHROTTLE_ENABLED": "False",
        "RETRY_ENABLED": "False",
        "PLAYWRIGHT_LAUNCH_OPTIONS": json.dumps(OFFLINE_BROWSER),
    }
    arguments = [part for name, value in settings.items() for part in ("-s", f"{name}={value}")]
    environment = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "NEWSCRAWL_LOG_DIR": str(tmp_path / "logs"),
    }
    return subprocess.run(
        [str(WRAPPER), "liputan6", "-a", f"base_url={base_url}", "-a", "channels=news", *arguments, *options],
        capture_output=True,
        text=True,
        env=environment,
        timeout=180,
    )


def logs(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "logs").glob("liputan6-*.log"))


def test_a_good_run_is_quiet_and_logs_warnings_only(site: LocalSite, tmp_path: Path) -> None:
    Mirror(site, default_articles()).publish()
    result = run_wrapper(tmp_path, site.root)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    (log,) = logs(tmp_path)
    text = log.read_text("utf-8")
    assert "liputan6: 5 new, 0 updated, 0 unchanged, 0 known, 0 dropped (finished)" in text
    assert " INFO: " not in text


def test_a_failed_run_alerts_with_its_summary_and_status(tmp_path: Path) -> None:
    result = run_wrapper(tmp_path, "http://127.0.0.1:9")  # nothing listens there
    assert result.returncode == 1
    (log,) = logs(tmp_path)
    assert result.stderr.splitlines()[0] == (f"newscrawl: scrapy crawl liputan6 exited with status 1 (log: {log})")
    assert "liputan6: crawl FAILED (the site did not answer)" in result.stderr


def test_a_run_skipped_because_another_holds_the_store_is_quiet(site: LocalSite, tmp_path: Path) -> None:
    Mirror(site, default_articles()).publish()
    with RunLock(tmp_path / "store.sqlite3"):
        result = run_wrapper(tmp_path, site.root)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert site.requests == []
    (log,) = logs(tmp_path)
    assert "another crawl is using" in log.read_text("utf-8")


def test_a_bad_argument_alerts(tmp_path: Path) -> None:
    result = run_wrapper(tmp_path, "http://127.0.0.1:9", "-a", "max_articles=none")
    assert result.returncode == 2
    assert "max_articles: 'none' is not a positive whole number" in result.stderr


def test_old_run_logs_are_deleted(tmp_path: Path) -> None:
    (tmp_path / "logs").mkdir()
    old, recent = tmp_path / "logs" / "liputan6-old.log", tmp_path / "logs" / "liputan6-recent.log"
    for path, days in ((old, 15), (recent, 13)):
        path.write_text("", "utf-8")
        moment = time.time() - days * 86400
        os.utime(path, (moment, moment))
    run_wrapper(tmp_path, "http://127.0.0.1:9")
    assert not old.exists()
    assert recent.exists()


def test_readme_cron_and_systemd_run_the_wrapper_and_accept_status_75() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text("utf-8")
    (crontab,) = re.findall(r"^\*/15 .*$", readme, flags=re.MULTILINE)
    assert "scripts/newscrawl-cron liputan6" in crontab
    assert "SuccessExitStatus=75" in readme
