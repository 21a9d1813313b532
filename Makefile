# cockpit-imgbased: build, install, test. See README.md.
PACKAGE_NAME := imgbased
VERSION      := $(shell git describe --tags --always 2>/dev/null || echo 0)
PREFIX       ?= /usr/local
DESTDIR      ?=
INSTALL_DIR  := $(DESTDIR)$(PREFIX)/share/cockpit/$(PACKAGE_NAME)
DEVEL_DIR    := $(HOME)/.local/share/cockpit/$(PACKAGE_NAME)
TARBALL      := cockpit-$(PACKAGE_NAME)-$(VERSION).tar.xz
SOURCES      := $(shell find src pkg -type f 2>/dev/null) build.js package.json
DEMO_DIR     := tmp/demo
NODE_TEST    := node --import tsx --test --test-reporter=./test/reporter.js --test-reporter-destination=stdout
# A subset of the end-to-end suite: make test-e2e E2E_TESTS=test/e2e/two-bases.test.ts
E2E_TESTS    ?= $(wildcard test/e2e/*.test.ts)
# Only the tests whose names contain this text: make test-e2e E2E_TESTS=test/e2e/upgrade.test.ts E2E_ONLY="boot too full"
E2E_ONLY     ?=
# Test files run side by side, each with its own VM, longest first (test/run-e2e.js).
E2E_JOBS     ?= 2
# Some benchmarks only: make bench BENCH="diff job" (model diff-model bundle refresh page job layer diff upgrade keep; all by default)
BENCH        ?=

all: dist/manifest.json

# npm ci only when the lock file changed since the last install.
node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# A tarball from `make dist` ships dist/ newer than its sources, so installing from it needs no npm.
dist/manifest.json: $(SOURCES) package-lock.json
	$(MAKE) node_modules/.installed
	NODE_ENV=$(or $(NODE_ENV),production) node build.js

watch: node_modules/.installed
	NODE_ENV=development node build.js --watch

install: dist/manifest.json
	mkdir -p $(INSTALL_DIR)
	cp -r dist/. $(INSTALL_DIR)/

devel-install: dist/manifest.json
	mkdir -p $(dir $(DEVEL_DIR))
	ln -sfn $(CURDIR)/dist $(DEVEL_DIR)

devel-uninstall:
	rm -f $(DEVEL_DIR)

# A source tarball with a prebuilt dist/, so packagers need no network or npm.
dist: dist/manifest.json
	tar --transform 's,^,cockpit-$(PACKAGE_NAME)/,' -cJf $(TARBALL) \
	    $$(git ls-files) package-lock.json dist
	@echo $(TARBALL)

# Types, code (with jsx-a11y's accessibility rules) and CSS.
lint: node_modules/.installed
	npx tsc --noEmit
	npx eslint .
	npx stylelint 'src/**/*.css'

# Debian packages for the lab, the browser and the unit tests' reference tools (rpm, grub-common).
host-deps:
	test/vm/host-deps.sh

test-unit: node_modules/.installed host-deps
	$(NODE_TEST) $(wildcard test/unit/*.test.ts)

# Builds (or reuses) the cached VM image; needs the host packages from test/vm/host-deps.sh.
vm-image: host-deps
	test/vm/build-image

test-e2e: dist/manifest.json vm-image
	IMGBASED_E2E_ONLY="$(E2E_ONLY)" node test/run-e2e.js $(E2E_JOBS) $(E2E_TESTS)

check: lint test-unit test-e2e

bench: dist/manifest.json vm-image
	node --import tsx --import ./bench/sh-text.mjs bench/run.ts $(BENCH)

# The product in a VM: a node with Cockpit, the plugin and a sample layout; stops on Ctrl-C.
demo: dist/manifest.json vm-image
	test/demo.sh $(DEMO_DIR)

demo-stop:
	test/vm/stop $(DEMO_DIR)

clean:
	rm -rf dist node_modules/.installed test-results tmp cockpit-$(PACKAGE_NAME)-*.tar.xz

.PHONY: all watch install devel-install devel-uninstall dist lint host-deps test-unit vm-image test-e2e check bench demo demo-stop clean
