"""`make lab`: the real make target starts JupyterLab (as root too, without the test adding --allow-root),
passes LAB_ARGS through, opens at notebooks/ with the seminar copies in build/seminar/ reachable, offers the
project's `sinorussia` kernel, and that kernel runs the workbook's code (driven over the REST API and the
kernel websocket, as the browser does)."""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sinorussia import paths

# starts JupyterLab and a kernel: the full lane only (make test), not make test-fast
pytestmark = [pytest.mark.xdist_group("lab"), pytest.mark.pipeline]
KERNEL = "sinorussia"
START_TIMEOUT = 90
EXEC_TIMEOUT = 120


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_lab_command(port: int, token: str) -> list[str]:
    """`make lab LAB_ARGS=...` exactly as the README shows it, with a free loopback port and a known token.

    `-o .venv/.setup-done` tells make to treat setup as done: the suite already runs inside the environment
    setup made, and a checkout that touched requirements.lock must not make a test re-install packages.
    Nothing else is added: --allow-root (the suite runs as root in containers and CI) is the target's job."""
    lab_args = f"--no-browser --port={port} --ServerApp.port_retries=0 --ServerApp.ip=127.0.0.1 --IdentityProvider.token={token}"
    return ["make", "--no-print-directory", "-o", ".venv/.setup-done", "lab", f"LAB_ARGS={lab_args}"]


class Server:
    def __init__(self, tmp: Path):
        self.port = _free_port()
        self.token = secrets.token_hex(16)
        self.base = f"http://127.0.0.1:{self.port}"
        cmd = make_lab_command(self.port, self.token)
        env = {
            **os.environ,
            "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
            "JUPYTER_CONFIG_DIR": str(tmp / "config"),
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        }
        self.log_path = tmp / "lab.log"
        self.log = open(self.log_path, "w")  # noqa: SIM115 (the server writes to it until stop() closes it)
        self.proc = subprocess.Popen(
            cmd, stdout=self.log, stderr=subprocess.STDOUT, env=env, cwd=paths.ROOT, start_new_session=True
        )

    def request(self, method: str, path: str, body: dict | None = None, timeout: float = 10):
        req = urllib.request.Request(
            self.base + path,
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=timeout) as r:
            raw = r.read()
            return r.status, (json.loads(raw) if raw else None)

    def wait_ready(self) -> dict:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"make lab exited with {self.proc.returncode}:\n{self.log_path.read_text()[-3000:]}")
            try:
                status, data = self.request("GET", "/api/status", timeout=2)
                if status == 200:
                    return data
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            time.sleep(0.3)
        pytest.fail(
            f"jupyter lab did not answer /api/status within {START_TIMEOUT} s:\n{self.log_path.read_text()[-3000:]}"
        )

    def stop(self) -> None:
        try:
            if self.proc.poll() is None:
                with contextlib.suppress(Exception):  # a server that is already gone needs no shutdown
                    self.request("POST", "/api/shutdown", timeout=5)
                with contextlib.suppress(subprocess.TimeoutExpired):  # killed below if it hangs
                    self.proc.wait(timeout=20)
        finally:
            if self.proc.poll() is None:
                os.killpg(self.proc.pid, signal.SIGTERM)
                try:
                    self.proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                    self.proc.wait(timeout=10)
            self.log.close()


def _execute(server: Server, kernel_id: str, session_id: str, code: str) -> tuple[str, dict]:
    import websocket  # websocket-client

    ws = websocket.create_connection(
        f"ws://127.0.0.1:{server.port}/api/kernels/{kernel_id}/channels?session_id={session_id}",
        header=[f"Authorization: token {server.token}"],
        timeout=EXEC_TIMEOUT,
    )
    try:
        msg_id = uuid.uuid4().hex
        ws.send(
            json.dumps(
                {
                    "header": {
                        "msg_id": msg_id,
                        "username": "test",
                        "session": session_id,
                        "msg_type": "execute_request",
                        "version": "5.3",
                        "date": datetime.now(UTC).isoformat(),
                    },
                    "parent_header": {},
                    "metadata": {},
                    "channel": "shell",
                    "buffers": [],
                    "content": {
                        "code": code,
                        "silent": False,
                        "store_history": False,
                        "user_expressions": {},
                        "allow_stdin": False,
                        "stop_on_error": True,
                    },
                }
            )
        )
        stdout, reply, idle = [], None, False
        deadline = time.monotonic() + EXEC_TIMEOUT
        while not (reply and idle):
            if time.monotonic() > deadline:
                pytest.fail(f"no execute_reply within {EXEC_TIMEOUT} s (stdout so far: {''.join(stdout)!r})")
            msg = json.loads(ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["header"]["msg_type"]
            if kind == "stream" and msg["content"]["name"] == "stdout":
                stdout.append(msg["content"]["text"])
            elif kind == "error":
                pytest.fail(f"kernel error: {msg['content']['ename']}: {msg['content']['evalue']}")
            elif kind == "execute_reply":
                reply = msg["content"]
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                idle = True
        return "".join(stdout), reply
    finally:
        ws.close()


def _seminar_copies() -> list[Path]:
    """The seminar copies in build/seminar/. When `make seminar` has not run, the student copies are written
    the way it writes them (report.seminar.student_copy; cheap, no execution), so Lab has copies to list."""
    from sinorussia.report.notebooks import discover, read_json
    from sinorussia.report.seminar import student_copy

    student = paths.BUILD_DIR / "seminar" / "student"
    for info in discover(paths.NOTEBOOKS_DIR):
        dest = student / info.path.name
        if not dest.is_file():
            dest.parent.mkdir(parents=True, exist_ok=True)
            nb, _ = student_copy(read_json(info.path))
            dest.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return sorted(p for p in (paths.BUILD_DIR / "seminar").glob("*/*.ipynb"))


def _listed(server: Server, folder: str) -> set[str]:
    _, listing = server.request("GET", f"/api/contents/{folder}?content=1")
    assert listing["type"] == "directory", listing
    return {item["name"] for item in listing["content"]}


def test_lab_runs_the_workbook_on_the_project_kernel(tmp_path):
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec(KERNEL)
    except NoSuchKernel:
        pytest.fail(f"kernel '{KERNEL}' is not registered: run `make setup`")
    copies = _seminar_copies()
    assert copies, "no seminar copies"
    server = Server(tmp_path)
    try:
        status = server.wait_ready()
        assert "started" in status
        # it opens at notebooks/ (the server's root is the repository; see the Makefile)
        req = urllib.request.Request(f"{server.base}/", headers={"Authorization": f"token {server.token}"})
        with urllib.request.urlopen(req, timeout=10) as r:
            assert urllib.parse.urlparse(r.geturl()).path == "/lab/tree/notebooks", r.geturl()
        # the chapters and the seminar copies are both reachable from Lab's file browser
        chapters = {p.name for p in paths.NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb")}
        assert chapters and chapters <= _listed(server, "notebooks")
        assert {"student"} <= _listed(server, "build/seminar")
        for copy in copies:
            folder = copy.parent.relative_to(paths.ROOT).as_posix()
            assert copy.name in _listed(server, folder), f"{folder}/{copy.name} not reachable from Lab"
        _, specs = server.request("GET", "/api/kernelspecs")
        assert KERNEL in specs["kernelspecs"], sorted(specs["kernelspecs"])
        _, session = server.request(
            "POST",
            "/api/sessions",
            {"path": "lab-test.ipynb", "name": "lab-test.ipynb", "type": "notebook", "kernel": {"name": KERNEL}},
            timeout=60,
        )
        assert session["kernel"]["name"] == KERNEL
        table = paths.PROCESSED_DIR / "trade_bilateral_annual.csv"
        if table.is_file():
            code = (
                "import sinorussia\nprint(sinorussia.__file__)\n"
                "print('SHAPE', sinorussia.load('trade_bilateral_annual').shape)"
            )
        else:
            code = "import sinorussia\nprint(sinorussia.__file__)\nprint('VERSION', sinorussia.__version__)"
        out, reply = _execute(server, session["kernel"]["id"], session["id"], code)
        assert reply["status"] == "ok", reply
        assert str(paths.PACKAGE_DIR) in out, f"the kernel imports this checkout's package: {out!r}"
        if table.is_file():
            m = re.search(r"SHAPE \((\d+), (\d+)\)", out)
            assert m and int(m.group(1)) > 0 and int(m.group(2)) > 0, out
        else:
            import sinorussia

            assert f"VERSION {sinorussia.__version__}" in out
        code_, _ = server.request("DELETE", f"/api/sessions/{session['id']}")
        assert code_ == 204
    finally:
        server.stop()
    assert server.proc.returncode is not None, "server stopped"
