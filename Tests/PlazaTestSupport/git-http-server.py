#!/usr/bin/env python3
"""Smart-HTTP git server for Plaza's tests and benchmarks: real `git http-backend` behind Basic auth.

Usage: git-http-server.py PROJECT_ROOT
  PLAZA_TEST_HTTP_USER / PLAZA_TEST_HTTP_TOKEN (environment): the only accepted credential;
  when PLAZA_TEST_HTTP_TOKEN is unset, no authentication is required.
  PLAZA_TEST_REQUIRED_HEADER ("Name: value"): a header every request must carry, else 403.
Listens on 127.0.0.1 on a free port, prints "PORT <n>" on stdout once ready, and serves until
stdin closes or the process is terminated. Logs one line per request to stderr (never the secret).
Static files: GET /files/public/P serves PROJECT_ROOT/files/public/P to anyone; /files/private/P
requires the credential above. Each file served is appended to PROJECT_ROOT/files/served.log.
"""
import base64
import hmac
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROOT = os.path.abspath(sys.argv[1])
USER = os.environ.get("PLAZA_TEST_HTTP_USER", "x-access-token")
TOKEN = os.environ.get("PLAZA_TEST_HTTP_TOKEN")
# A JSON file {token: expires_at_epoch} of currently valid tokens (GitHub App installation tokens
# minted by a fake API); when set, any unexpired token in it is accepted for user x-access-token.
TOKEN_FILE = os.environ.get("PLAZA_TEST_HTTP_TOKEN_FILE")
# "Name: value" that every request must carry (to test custom headers); refused with 403 otherwise.
REQUIRED_HEADER = os.environ.get("PLAZA_TEST_REQUIRED_HEADER")


class GitHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        sys.stderr.write("git-http %s\n" % (fmt % args))

    def authorized(self):
        if TOKEN is None and TOKEN_FILE is None:
            return True
        header = self.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            return False
        try:
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        except Exception:
            return False
        if TOKEN_FILE is not None:
            import json, time
            try:
                with open(TOKEN_FILE) as handle:
                    valid = json.load(handle)
            except Exception:
                valid = {}
            return user == "x-access-token" and valid.get(password, 0) > time.time()
        return hmac.compare_digest(user, USER) and hmac.compare_digest(password, TOKEN)

    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().strip().split(b";")[0], 16)
                if size == 0:
                    self.rfile.readline()
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def handle_git(self, method):
        body = self.read_body() if method == "POST" else b""
        if REQUIRED_HEADER:
            name, _, value = REQUIRED_HEADER.partition(":")
            if self.headers.get(name.strip()) != value.strip():
                self.send_response(403)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
        if not self.authorized():
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="plaza-test"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        path, _, query = self.path.partition("?")
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "GIT_PROJECT_ROOT": ROOT,
            "GIT_HTTP_EXPORT_ALL": "1",
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
            "CONTENT_LENGTH": str(len(body)),
            "REMOTE_USER": USER,
            "REMOTE_ADDR": "127.0.0.1",
            "GIT_PROTOCOL": self.headers.get("Git-Protocol", ""),
            "HTTP_CONTENT_ENCODING": self.headers.get("Content-Encoding", ""),
        }
        result = subprocess.run(["git", "http-backend"], input=body, env=env, capture_output=True)
        head, _, payload = result.stdout.partition(b"\r\n\r\n")
        status = 200
        headers = []
        for line in head.decode("latin-1").split("\r\n"):
            if not line:
                continue
            name, _, value = line.partition(":")
            if name.lower() == "status":
                status = int(value.strip().split()[0])
            else:
                headers.append((name, value.strip()))
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def serve_file(self):
        path = self.path.partition("?")[0]
        if path.startswith("/files/private/") and not self.authorized():
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="plaza-test"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        full = os.path.realpath(os.path.join(ROOT, path.lstrip("/")))
        if not full.startswith(os.path.join(ROOT, "files") + os.sep) or not os.path.isfile(full):
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        with open(full, "rb") as handle:
            payload = handle.read()
        with open(os.path.join(ROOT, "files", "served.log"), "a") as log:
            log.write(path + "\n")
        self.send_response(200)
        self.send_header("Content-Type", "application/zip")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self):
        if self.path.startswith("/files/"):
            self.serve_file()
            return
        self.handle_git("GET")

    def do_POST(self):
        self.handle_git("POST")


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), GitHandler)
    server.daemon_threads = True
    print("PORT %d" % server.server_address[1], flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        sys.stdin.read()  # serve until the parent closes our stdin (or kills us)
    except KeyboardInterrupt:
        pass
    server.shutdown()


if __name__ == "__main__":
    main()
