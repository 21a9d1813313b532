# cockpit-imgbased: build, install, test. See README.md.
PACKAGE_NAME := imgbased
# From the newest v* tag, e.g. 0.1.0 or 0.1.0+3.g1a2b3c4 after it: see packaging/version.
VERSION      := $(shell packaging/version)
PREFIX       ?= /usr/local
DESTDIR      ?=
INSTALL_DIR  := $(DESTDIR)$(PREFIX)/share/cockpit/$(PACKAGE_NAME)
DEVEL_DIR    := $(HOME)/.local/share/cockpit/$(PACKAGE_NAME)
TARBALL      := cockpit-$(PACKAGE_NAME)-$(VERSION).tar.xz
METAINFO     := org.cockpit_project.$(PACKAGE_NAME).metainfo.xml
# make deb and make rpm leave their packages here (tmp/ is not in git).
PKG_DIR      := tmp/packages
DEB          := $(PKG_DIR)/cockpit-$(PACKAGE_NAME)_$(VERSION)-1_all.deb
SOURCES      := $(shell find src pkg po -type f 2>/dev/null) build.js package.json manifest.json
DEMO_DIR     := tmp/demo
NODE_TEST    := node --import tsx --import ./test/sh-text.mjs --test --test-reporter=./test/reporter.js --test-reporter-destination=stdout
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
	install -D -m 644 $(METAINFO) $(DESTDIR)$(PREFIX)/share/metainfo/$(METAINFO)

devel-install: dist/manifest.json
	mkdir -p $(dir $(DEVEL_DIR))
	ln -sfn $(CURDIR)/dist $(DEVEL_DIR)

devel-uninstall:
	rm -f $(DEVEL_DIR)

# A source tarball with a prebuilt dist/, so packagers need no network or npm.
# Beyond git's files it holds what depends on the version (packaging/dist-files.js): its
# .tarball-version, as it has no git history to describe, the Debian changelog, and the spec
# filled in, which replaces git's.
dist: dist/manifest.json
	rm -rf tmp/dist-extra
	node packaging/dist-files.js $(VERSION) tmp/dist-extra
	tar --transform 's,^,cockpit-$(PACKAGE_NAME)/,' -cJf $(TARBALL) \
	    $$(git ls-files | grep -vx packaging/cockpit-$(PACKAGE_NAME).spec) dist \
	    -C tmp/dist-extra .tarball-version packaging/debian/changelog packaging/cockpit-$(PACKAGE_NAME).spec
	@echo $(TARBALL)

# The .deb as a packager builds it: the tarball unpacked, its packaging/debian as debian/.
deb: host-deps dist
	rm -rf tmp/deb
	mkdir -p tmp/deb $(PKG_DIR)
	tar -C tmp/deb -xJf $(TARBALL)
	cp -r tmp/deb/cockpit-$(PACKAGE_NAME)/packaging/debian tmp/deb/cockpit-$(PACKAGE_NAME)/debian
	cd tmp/deb/cockpit-$(PACKAGE_NAME) && dpkg-buildpackage -us -uc -b
	rm -f $(PKG_DIR)/*.deb
	mv tmp/deb/*.deb $(PKG_DIR)/
	@echo $(DEB)

# The RPM straight from the tarball, which holds the filled-in spec. --nodeps: on a Debian host
# rpm's own database is empty, so it cannot see that make and appstream are installed.
rpm: host-deps dist
	rm -rf tmp/rpmbuild
	mkdir -p $(PKG_DIR)
	rpmbuild -tb --nodeps --define "_topdir $(CURDIR)/tmp/rpmbuild" $(TARBALL)
	rm -f $(PKG_DIR)/*.rpm
	mv tmp/rpmbuild/RPMS/noarch/*.rpm $(PKG_DIR)/
	@ls $(PKG_DIR)/*.rpm

# The .deb is lintian clean (tags we accept are overridden with their reason in
# packaging/debian/cockpit-imgbased.lintian-overrides) and the metainfo it installs validates.
test-package: deb host-deps
	lintian --fail-on error,warning,info --display-info $(DEB)
	dpkg-deb --fsys-tarfile $(DEB) | tar -xOf - ./usr/share/metainfo/$(METAINFO) > $(PKG_DIR)/$(METAINFO)
	appstreamcli validate --no-net --pedantic $(PKG_DIR)/$(METAINFO)

# The translation template po/imgbased.pot: the strings marked in src/ and pkg/ (xgettext, from
# host-deps), the manifest's and the metainfo's. Then `make update-po` for the translations.
pot: node_modules/.installed host-deps
	node po/extract.js

# Merges the template's changes into every po/<lang>.po (new strings come in untranslated).
update-po:
	for po in po/*.po; do msgmerge --quiet --update --backup=none --add-location=file "$$po" po/imgbased.pot || exit 1; done

# Types, code (with jsx-a11y's accessibility rules), CSS and the host programs (each names its shell).
lint: node_modules/.installed host-deps
	npx tsc --noEmit
	npx eslint .
	npx stylelint 'src/**/*.css'
	shellcheck src/host/scripts/*.sh

# Debian packages for the lab, the browser, the unit tests' reference tools (rpm, grub-common) and
# gettext (make pot, and the unit test that checks po/).
host-deps:
	test/vm/host-deps.sh

# Two files at a time (node runs one on a 2-core machine): 53 s against 63 s here.
test-unit: node_modules/.installed host-deps
	$(NODE_TEST) --test-concurrency=2 $(wildcard test/unit/*.test.ts)

# Builds (or reuses) the cached VM image; needs the host packages from test/vm/host-deps.sh.
vm-image: host-deps
	test/vm/build-image

# Every test runs against the installed .deb (test/vm/install-plugin), as a node would have it.
test-e2e: deb vm-image
	IMGBASED_E2E_DEB=$(DEB) IMGBASED_E2E_ONLY="$(E2E_ONLY)" node test/run-e2e.js $(E2E_JOBS) $(E2E_TESTS)

# The pixel tests' reference images (test/e2e/pixels/), taken anew from this build: after a
# deliberate change of look. Look at each one before committing it.
update-pixels:
	IMGBASED_PIXELS=update $(MAKE) test-e2e E2E_JOBS=1 E2E_TESTS=test/e2e/views.test.ts E2E_ONLY="look as they should"

check: lint test-unit test-package test-e2e

bench: deb vm-image
	IMGBASED_E2E_DEB=$(DEB) node --import tsx --import ./test/sh-text.mjs bench/run.ts $(BENCH)

# The product in a VM: a node with Cockpit, the plugin and a sample layout; stops on Ctrl-C.
demo: deb vm-image
	test/demo.sh $(DEMO_DIR) $(DEB)

demo-stop:
	test/vm/stop $(DEMO_DIR)

clean:
	rm -rf dist node_modules/.installed test-results tmp cockpit-$(PACKAGE_NAME)-*.tar.xz

.PHONY: all watch install devel-install devel-uninstall dist deb rpm test-package pot update-po lint host-deps test-unit vm-image test-e2e update-pixels check bench demo demo-stop clean
