"""deploy/ agrees with itself about media: the production env example hands media to nginx through the internal
location that nginx-gonghui.conf declares, aliased to the same MEDIA_ROOT, and the media upload URLs accept a
video at the cap while every other URL keeps the small body limit. nginx itself is not run here; the behaviour was
checked by hand with nginx 1.22 (this file with `http2 on;` dropped) in front of gunicorn and
MEDIA_ACCEL_REDIRECT_PREFIX=/protected-media/: 200, 206 for bytes=0-99 with 100 bytes, 416 with bytes */size,
Django's Content-Type, Content-Disposition and Cache-Control kept; the outsider and the visitor stopped by Django;
404 for the internal path asked for directly; 413 for 60 MB on an ordinary URL and for a declared 530 MB on
/media-upload/, 60 MB passed there."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
NGINX = (ROOT / "deploy" / "nginx-gonghui.conf").read_text(encoding="utf-8")


def _env(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#") and "=" in line)


def _block(opening: str) -> str:
    start = NGINX.index(opening)
    return NGINX[start : NGINX.index("}", start)]


def _megabytes(block: str) -> int:
    match = re.search(r"client_max_body_size (\d+)m;", block)
    assert match, block
    return int(match.group(1))


def test_the_accel_prefix_is_an_internal_location_aliased_to_media_root():
    env = _env(ROOT / "deploy" / "gonghui.env.example")
    prefix = env["MEDIA_ACCEL_REDIRECT_PREFIX"]
    assert prefix.startswith("/")
    assert prefix.endswith("/")
    location = _block(f"location ^~ {prefix} {{")
    assert "internal;" in location
    assert f"alias {env['MEDIA_ROOT'].rstrip('/')}/;" in location
    assert "add_header X-Content-Type-Options nosniff always;" in location


def test_media_uploads_fit_the_video_cap_and_other_urls_keep_the_small_limit():
    env = _env(ROOT / "deploy" / "gonghui.env.example")
    media = _block("location ~ /media-upload/$ {")
    assert _megabytes(media) >= int(env["MEDIA_VIDEO_MAX_MB"]) + 10  # the file plus the rest of the form
    assert "proxy_request_buffering on;" in media
    assert "proxy_cache off;" in media
    server = NGINX.index("listen 443")
    server_wide = NGINX[server : NGINX.index("\n    location", server)]
    assert _megabytes(server_wide) <= 50


def test_uploads_wait_on_disk_not_in_a_private_tmpfs():
    env = _env(ROOT / "deploy" / "gonghui.env.example")
    assert env["TMPDIR"].startswith("/var/lib/gonghui/")
