#!/usr/bin/env bash
# Installs, builds and runs every test (the README's test command).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh
BUILD_DIR=${BUILD_DIR:-build}
ninja -C "$BUILD_DIR" -j2 check-norm
