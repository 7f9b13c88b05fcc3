# 两违整治 Lianwei — the two commands: `make demo` and `make test`. Each installs what it needs.
SHELL := /bin/bash
SYSTEM_PYTHON := /usr/bin/python3
VENV := .venv
PY := $(VENV)/bin/python
REPORTS := build/test-reports
DEBIAN_PACKAGES := python3-qgis qgis-providers qgis python3-pyqt5 python3-gdal python3-shapely python3-pandas \
	python3-requests python3-pyproj proj-data python3-pytest python3-venv python3-pip xvfb xauth fonts-wqy-microhei qttools5-dev-tools \
	poppler-utils imagemagick zip unzip python3-openpyxl python3-pil
# bandit and detect-secrets: the scanners plugins.qgis.org runs on an upload (tests/unit/test_publishable.py).
PIP_PACKAGES := pytest-qgis==4.1.1 pytest-qt==4.5.0 ruff==0.17.6 bandit==1.9.4 detect-secrets==1.5.0
QM := i18n/lianwei_zh_CN.qm
export QT_QPA_PLATFORM := offscreen

.PHONY: deps test qgis-tests lint demo package screenshot walkthrough patch-walkthrough shared-walkthrough guide translations bench bench-maps \
	bench-patches bench-shared bench-postgis clean

deps:
	@bash .ci/install-debian-packages.sh $(DEBIAN_PACKAGES)
	@bash .ci/install-postgis.sh
	@if [ "$$(cat $(VENV)/.installed 2>/dev/null)" != "$(PIP_PACKAGES)" ]; then \
		{ [ -x $(PY) ] || $(SYSTEM_PYTHON) -m venv --system-site-packages $(VENV); } && \
		$(PY) -m pip install -q $(PIP_PACKAGES) && echo "$(PIP_PACKAGES)" > $(VENV)/.installed; fi

translations: $(QM)
$(QM): i18n/lianwei_zh_CN.ts
	@command -v lrelease >/dev/null || bash .ci/install-debian-packages.sh qttools5-dev-tools
	lrelease -silent $< -qm $@

lint: deps
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

# Unit tests of core/ run without QGIS (pytest-qgis and pytest-qt switched off); then the QGIS tests.
test: deps translations
	@mkdir -p $(REPORTS)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) tools/run_tests.py -p no:pytest_qgis -p no:pytest-qt -W ignore::pytest.PytestConfigWarning tests/unit --junitxml=$(REPORTS)/unit.xml
	$(PY) tools/run_tests.py tests/qgis --junitxml=$(REPORTS)/qgis.xml

# Some QGIS tests only, e.g. in a chroot: make qgis-tests TESTS="tests/qgis/test_evidence.py -k attach"
TESTS ?= tests/qgis
qgis-tests: deps translations
	$(PY) tools/run_tests.py $(TESTS)

demo: deps translations
	$(SYSTEM_PYTHON) tools/demo.py demo-output

package: deps translations
	$(SYSTEM_PYTHON) tools/package.py lianwei.zip

screenshot: demo package
	$(SYSTEM_PYTHON) tools/desktop.py --zip lianwei.zip --project demo-output/sample_township.qgz \
		--screenshot docs/screenshot.png --out build/desktop
	cp build/desktop/dock_after_edit.png docs/dock.png

# The case workflow in the real QGIS under Xvfb: office layers loaded, a case drawn, photographed, signed off.
walkthrough: demo package
	$(SYSTEM_PYTHON) tools/desktop_cases.py --zip lianwei.zip --sample demo-output/sample_township.gpkg \
		--out build/desktop_cases

# The 卫片 cycle in the real QGIS under Xvfb: a boundary-point TXT and the county's GBK shapefile (no .cpg) imported
# through the algorithm dialogs, the cases on the map, the verification returned and opened in QGIS and LibreOffice.
patch-walkthrough: demo package
	$(SYSTEM_PYTHON) tools/desktop_patches.py --zip lianwei.zip --project demo-output/sample_township.qgz \
		--patches demo-output/county_patches.shp --points tests/data/patches/two_parcels_gbk.txt \
		--out build/desktop_patches

# The shared ledger in the real QGIS under Xvfb as a village editor: a throw-away PostgreSQL server, the sample
# township in it, one village granted; the editor's own case saved, another village's case refused.
shared-walkthrough: deps package
	$(SYSTEM_PYTHON) tools/desktop_shared.py --zip lianwei.zip --out build/desktop_shared

# The user guide's screenshots (docs/guide/images/) from the real QGIS under Xvfb in zh-Hans, cropped, < 2 MB.
guide: demo package
	$(SYSTEM_PYTHON) tools/desktop_guide.py --zip lianwei.zip --project demo-output/sample_township.qgz \
		--office demo-output/office_layers --patches demo-output/county_patches.shp --out docs/guide/images

bench-maps: deps translations
	$(SYSTEM_PYTHON) bench/bench_maps.py 2000

# lianwei:checkviolations on a PostGIS ledger against the same township as a GeoPackage (bench/POSTGIS.md).
bench-postgis: deps translations
	$(SYSTEM_PYTHON) bench/bench_postgis_check.py 20000

bench: deps translations
	$(SYSTEM_PYTHON) bench/bench_check.py $(BENCH_SIZES)
	$(SYSTEM_PYTHON) bench/bench_dock.py 20000
	$(SYSTEM_PYTHON) bench/bench_maps.py 2000
	$(SYSTEM_PYTHON) bench/bench_patches.py $(PATCH_SIZES)
	$(SYSTEM_PYTHON) bench/bench_shared_saves.py

# Importing a county's patch file: lianwei:importpatches against ogr2ogr -append (bench/PATCHES.md); ~25 min at 1M
PATCH_SIZES ?= 100000 1000000
bench-patches: deps translations
	$(SYSTEM_PYTHON) bench/bench_patches.py $(PATCH_SIZES)

# Saves per second on a shared (PostGIS) ledger, 1, 2 and 8 editor processes, against QGIS's own save (bench/SHARED.md)
bench-shared: deps translations
	$(SYSTEM_PYTHON) bench/bench_shared_saves.py

clean:
	rm -rf build demo-output lianwei.zip $(QM) .pytest_cache
