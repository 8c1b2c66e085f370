"""Install the system packages the test suite needs, where they are missing.

Debian packages only (this project's machines can reach Debian's archive):
fonts for Thai PDFs, pango/harfbuzz for WeasyPrint, poppler for looking at PDFs,
Chromium for the browser tests. Nothing is downloaded from anywhere else.
Skipped (with a note) when not root or when apt-get is absent.
"""

from __future__ import annotations

import os
import shutil
import subprocess

# binary or file that shows the package is there -> Debian package
NEEDED = {
    "/usr/share/fonts/truetype/tlwg/Laksaman.ttf": "fonts-thai-tlwg",
    "/usr/lib/x86_64-linux-gnu/libharfbuzz-subset.so.0": "libharfbuzz-subset0",
    "/usr/bin/pdftoppm": "poppler-utils",
    "/usr/bin/chromium": "chromium",
}


def missing() -> list[str]:
    pkgs = []
    for path, pkg in NEEDED.items():
        if not os.path.exists(path) and not (pkg == "libharfbuzz-subset0" and _has_lib("libharfbuzz-subset.so.0")):
            pkgs.append(pkg)
    return pkgs


def _has_lib(name: str) -> bool:
    try:
        out = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=False).stdout
    except FileNotFoundError:
        return False
    return name in out


def main() -> None:
    pkgs = missing()
    if not pkgs:
        return
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        print(f"note: system packages missing and cannot be installed here: {' '.join(pkgs)}")
        return
    print(f"installing system packages: {' '.join(pkgs)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *pkgs], check=True, env=env)


if __name__ == "__main__":
    main()
