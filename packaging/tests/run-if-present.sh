#!/usr/bin/env bash
# run-if-present.sh TOOL ARGS...: runs TOOL, or tells ctest the test is skipped
# (exit 77) when TOOL is not installed, e.g. on a host without desktop-file-utils
# or appstream. ./yard's Debian 13 root has them all (packaging/build-deps.txt).
tool=$1
shift
if ! command -v "$tool" >/dev/null; then
  echo "SKIPPED: $tool is not installed (it is in packaging/build-deps.txt; ./yard test has it)"
  exit 77
fi
exec "$tool" "$@"
