"""Process start → first ready screen of `pdv demo treinamento`, against a bare Textual app."""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

from tests.bench.ptyrun import time_to_first_screen

RUNS = 15


def test_startup_ratio_to_bare_textual(tmp_path, bench_row):
    bare = [sys.executable, str(Path(__file__).with_name("bare_app.py"))]
    form = [sys.executable, str(Path(__file__).with_name("form_app.py"))]
    pdv = [str(Path(sys.executable).with_name("pdv")), "demo", "treinamento"]
    time_to_first_screen(bare, tmp_path)  # warm the file cache for all three
    time_to_first_screen(form, tmp_path)
    time_to_first_screen(pdv, tmp_path)
    bare_times, form_times, pdv_times = [], [], []
    for _ in range(RUNS):  # interleaved, so machine noise hits them alike
        bare_times.append(time_to_first_screen(bare, tmp_path)[0])
        form_times.append(time_to_first_screen(form, tmp_path)[0])
        pdv_times.append(time_to_first_screen(pdv, tmp_path)[0])
    bare_median = statistics.median(bare_times)
    pdv_median = statistics.median(pdv_times)
    ratio = pdv_median / bare_median
    bench_row(
        "início → primeira tela (pdv demo)",
        f"{pdv_median * 1000:.0f} ms",
        f"{bare_median * 1000:.0f} ms (Textual vazio)",
        f"{ratio:.2f}",
        "≤ 1.10",
    )
    form_median = statistics.median(form_times)
    bench_row(
        "início → primeira tela (Textual + o formulário do login)",
        f"{form_median * 1000:.0f} ms",
        f"{bare_median * 1000:.0f} ms (Textual vazio)",
        f"{form_median / bare_median:.2f}",
    )
    best_ratio = min(pdv_times) / min(bare_times)
    bench_row(
        "início → primeira tela (melhor de 15)",
        f"{min(pdv_times) * 1000:.0f} ms",
        f"{min(bare_times) * 1000:.0f} ms (Textual vazio)",
        f"{best_ratio:.2f}",
    )
    print(
        f"\nstart-up: pdv {pdv_median:.3f}s, bare {bare_median:.3f}s, ratio {ratio:.2f} (best-of ratio {best_ratio:.2f})"
    )


def test_peak_memory_ratio_to_bare_textual(tmp_path, bench_row):
    """Peak RSS once the login screen is up and the database is open (1.5 s after the first
    paint), against the bare app at the same moment."""
    bare = [sys.executable, str(Path(__file__).with_name("bare_app.py"))]
    pdv = [str(Path(sys.executable).with_name("pdv")), "demo", "treinamento"]
    # the first demo of a scenario (an empty cache folder) hashes the users' passwords and seals
    # the credentials; later ones reuse what it made (storage.scenarios.loader.cached_derived)
    cold = {"XDG_CACHE_HOME": str(tmp_path / "cache-vazio")}
    cold_kib = time_to_first_screen(pdv, tmp_path, settle=1.5, extra_env=cold)[1]
    bare_kib = statistics.median(time_to_first_screen(bare, tmp_path, settle=1.5)[1] for _ in range(3))
    pdv_kib = statistics.median(time_to_first_screen(pdv, tmp_path, settle=1.5)[1] for _ in range(3))
    bench_row(
        "memória de pico (pdv demo, login)",
        f"{pdv_kib / 1024:.1f} MiB",
        f"{bare_kib / 1024:.1f} MiB (Textual vazio)",
        f"{pdv_kib / bare_kib:.2f}",
        "≤ 1.50",
    )
    bench_row(
        "memória de pico (primeira demo do cenário)",
        f"{cold_kib / 1024:.1f} MiB",
        f"{bare_kib / 1024:.1f} MiB (Textual vazio)",
        f"{cold_kib / bare_kib:.2f}",
    )
