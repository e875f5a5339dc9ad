"""`cmake --install` puts a working package where Debian's interpreter finds it."""

import os
import subprocess
import sys

BUILD = os.environ["TOPAE_BUILD_DIR"]  # CTest sets both (python/CMakeLists.txt)
FOLDER = os.environ["TOPAE_PYTHON_INSTALL_DIR"]


def test_the_default_folder_is_on_debians_path_for_usr_local():
    assert os.path.join("/usr/local", FOLDER) in sys.path


def test_installed_package_imports_and_trains(tmp_path):
    subprocess.run(["cmake", "--install", BUILD, "--prefix", str(tmp_path)], check=True, capture_output=True)
    site = tmp_path / FOLDER
    assert (site / "topae" / "__init__.py").exists()
    script = ("import numpy as np, topae; "
              "x = np.random.default_rng(1).normal(size=(200, 3)); "
              "m = topae.Autoencoder(latent=2, hidden=(8,), epochs=2).fit(x); "
              "print(topae.__file__, m.score_samples(x).shape)")
    env = {**os.environ, "PYTHONPATH": str(site)}
    out = subprocess.run([sys.executable, "-c", script], env=env, check=True, capture_output=True, text=True,
                         cwd=tmp_path).stdout
    assert out.startswith(str(site / "topae" / "__init__.py")) and "(200,)" in out
