#!/usr/bin/env bash
# install-test.sh: ctest's package_install (./yard package --test).
#
# Makes a fresh Debian 13 root with mmdebstrap (--variant=apt: Essential, apt,
# nothing else) and, inside it:
#   1. installs the built switchyard and switchyard-cli .debs with apt, without
#      Recommends, so the Depends alone must be enough;
#   2. runs the installed switchyard-cli (--version, the bundled price catalog,
#      the usage log) and switchyard (--version, then opened on the offscreen
#      platform and closed once the window is shown) from their installed paths;
#   3. checks that the desktop entry, the icon, the metainfo and the man pages
#      are where the metadata says, all owned by the packages;
#   4. purges both packages, installs them again and purges again: the second
#      round must leave the root exactly as the first left it, and no file of
#      either package may remain.
# The root is thrown away (mmdebstrap's target is /dev/null). Downloaded .debs
# are kept in WORK/apt-cache, so a second run fetches only the package lists.
#
# Needs root (mmdebstrap --mode=root and chroot) and the Debian mirror
# (SWITCHYARD_MIRROR, when set, is used as for the build root); without
# mmdebstrap or root it reports the test as skipped (exit 77).
set -euo pipefail

say() { printf 'install-test: %s\n' "$*"; }
die() { printf 'install-test: FAIL: %s\n' "$*"; exit 1; }

# --- Inside: run by mmdebstrap's customize hook with the new root as $1 ---------
if [[ ${1:-} == --inside ]]; then
  root=$2 id=$3 version=$4 cache=$5
  shift 5
  trap 'say "FAIL: line $LINENO: $BASH_COMMAND"' ERR
  debs=("$@")
  in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
                DEBIAN_FRONTEND=noninteractive "$@"; }
  # Everything but the places that change by themselves (caches, logs, apt's lists).
  snapshot() {
    (cd "$root" && find . -xdev \( -path ./proc -o -path ./sys -o -path ./dev -o -path ./run -o -path ./tmp \
        -o -path ./var/tmp -o -path ./var/cache -o -path ./var/log -o -path ./var/lib/apt \) -prune -o -print) |
      sort >"$1"
  }
  install_debs() {
    in_root apt-get install -y -q --no-install-recommends "${debs[@]/#/\/var\/tmp\/debs\/}" >"$root/var/tmp/apt.log" 2>&1 ||
      { tail -n 30 "$root/var/tmp/apt.log"; die "apt-get install of the .debs failed"; }
  }
  start=$SECONDS
  mkdir -p "$root/var/tmp/debs"
  for deb in "${debs[@]}"; do cp "$cache/../debs/$deb" "$root/var/tmp/debs/"; done

  # 1. Install with apt.
  install_debs
  say "installed with apt in $((SECONDS - start)) s: $(in_root dpkg-query -W -f '${Package} ${Version}, ' switchyard switchyard-cli)"
  cp -n "$root"/var/cache/apt/archives/*.deb "$cache/" 2>/dev/null || true

  # 2. Run what was installed, from where it was installed.
  [[ $(in_root sh -c 'command -v switchyard-cli') == /usr/bin/switchyard-cli ]] || die "switchyard-cli is not /usr/bin/switchyard-cli"
  [[ $(in_root sh -c 'command -v switchyard') == /usr/bin/switchyard ]] || die "switchyard is not /usr/bin/switchyard"
  out=$(in_root switchyard-cli --version) || die "switchyard-cli --version failed: $out"
  [[ ${out%%$'\n'*} == "switchyard-cli $version" ]] || die "switchyard-cli --version printed: $out"
  say "switchyard-cli --version: ${out//$'\n'/ | }"
  out=$(in_root switchyard --version) || die "switchyard --version failed: $out"
  [[ ${out%%$'\n'*} == "switchyard $version" ]] || die "switchyard --version printed: $out"
  out=$(in_root switchyard-cli prices list gpt-4o --data-dir /var/tmp/data 2>&1) || die "switchyard-cli prices list failed: $out"
  grep -q '^bundled prices as of' <<<"$out" || die "the bundled catalog is not in the installed switchyard-cli: $out"
  say "the bundled price catalog answers: $(grep -c . <<<"$out") lines"
  out=$(in_root switchyard-cli usage --data-dir /var/tmp/data 2>&1) || die "switchyard-cli usage failed: $out"
  gui_start=$SECONDS
  install -d -m 0700 "$root/var/tmp/run"
  out=$(in_root env QT_QPA_PLATFORM=offscreen SWITCHYARD_EXIT_WHEN_SHOWN=1 XDG_RUNTIME_DIR=/var/tmp/run \
          timeout 60 switchyard --data-dir /var/tmp/data 2>&1) ||
    die "switchyard did not open and close on the offscreen platform (exit $?): $out"
  say "switchyard opened its window on the offscreen platform and closed in $((SECONDS - gui_start)) s"
  if grep -qiE 'could not (load|find)|cannot load|failed to load' <<<"$out"; then
    die "switchyard complained while starting: $out"
  fi

  # 3. Files where the metadata says, each owned by a package.
  desktop=/usr/share/applications/$id.desktop
  metainfo=/usr/share/metainfo/$id.metainfo.xml
  owned() { in_root dpkg-query -S "$1" >/dev/null 2>&1 || die "$1 is not owned by any package"; }
  for file in "$desktop" "$metainfo" /usr/share/icons/hicolor/scalable/apps/$id.svg \
              /usr/share/icons/hicolor/48x48/apps/$id.png /usr/share/icons/hicolor/256x256/apps/$id.png \
              /usr/share/man/man1/switchyard.1.gz /usr/share/man/man1/switchyard-cli.1.gz \
              /usr/share/doc/switchyard/copyright /usr/share/doc/switchyard-cli/copyright; do
    [[ -f $root$file ]] || die "$file is missing"
    owned "$file"
  done
  exec_program=$(sed -n 's/^Exec=\([^ ]*\).*/\1/p' "$root$desktop")
  [[ $(in_root sh -c "command -v $exec_program") == /usr/bin/$exec_program ]] || die "the desktop entry's Exec=$exec_program is not on PATH"
  [[ $(sed -n 's/^Icon=//p' "$root$desktop") == "$id" ]] || die "the desktop entry's Icon is not $id"
  grep -q "<launchable type=\"desktop-id\">$id.desktop</launchable>" "$root$metainfo" || die "the metainfo's launchable is not $id.desktop"
  for binary in $(sed -n 's|.*<binary>\(.*\)</binary>.*|\1|p' "$root$metainfo"); do
    in_root sh -c "command -v $binary" >/dev/null || die "the metainfo's <binary>$binary</binary> is not on PATH"
  done
  outside=$(in_root dpkg-query -L switchyard switchyard-cli | grep -v -E '^(/usr(/.*)?|/\.)$' || true)
  [[ -z $outside ]] || die "files outside /usr: $outside"
  say "the desktop entry, icons, metainfo, man pages and copyright files are where the metadata says"

  # 4. Removal leaves nothing behind.
  in_root dpkg-query -L switchyard switchyard-cli | sort -u >"$root/var/tmp/owned"
  in_root apt-get purge -y -q switchyard switchyard-cli >/dev/null
  left=$(while read -r path; do
           if [[ -f $root$path || -L $root$path ]]; then echo "$path"; fi
         done <"$root/var/tmp/owned")
  [[ -z $left ]] || die "left behind after apt-get purge: $left"
  snapshot "$root/var/tmp/before"
  install_debs
  in_root apt-get purge -y -q switchyard switchyard-cli >/dev/null
  snapshot "$root/var/tmp/after"
  if ! cmp -s "$root/var/tmp/before" "$root/var/tmp/after"; then
    diff "$root/var/tmp/before" "$root/var/tmp/after" | head -n 40
    die "installing and purging again changed the root (above: < only before, > only after)"
  fi
  if leftovers=$(cd "$root" && find . -xdev -path ./proc -prune -o -path ./var/tmp -prune -o -iname '*switchyard*' -print | head); [[ -n $leftovers ]]; then
    die "files named after switchyard remain after purge: $leftovers"
  fi
  say "purged: nothing of either package is left, and a second install and purge left the root as the first did"
  say "inside the root: $((SECONDS - start)) s"
  exit 0
fi

# --- Outside: set up and run mmdebstrap -----------------------------------------
packages='' id='' version='' work=''
while [[ $# -gt 0 ]]; do
  case $1 in
    --packages) packages=$2 ;;
    --id) id=$2 ;;
    --version) version=$2 ;;
    --work) work=$2 ;;
    *) echo "usage: install-test.sh --packages DIR --id APP_ID --version VERSION --work DIR" >&2; exit 2 ;;
  esac
  shift 2
done
[[ -n $packages && -n $id && -n $version && -n $work ]] || { echo "install-test.sh: missing arguments" >&2; exit 2; }

if ! command -v mmdebstrap >/dev/null; then
  echo "SKIPPED: mmdebstrap is not installed; the install test runs in ./yard's Debian 13 root (./yard package --test)"
  exit 77
fi
if [[ $(id -u) != 0 ]]; then
  echo "SKIPPED: the install test needs root (mmdebstrap --mode=root, chroot); run ./yard package --test as root"
  exit 77
fi

shopt -s nullglob
gui=("$packages"/switchyard_"$version"-*.deb)
cli=("$packages"/switchyard-cli_"$version"-*.deb)
shopt -u nullglob
[[ ${#gui[@]} == 1 && ${#cli[@]} == 1 ]] ||
  die "expected one switchyard and one switchyard-cli .deb of version $version in $packages"

# Dependencies by dpkg-shlibdeps: the .deb names the libraries it links.
depends=$(dpkg-deb -f "${gui[0]}" Depends)
for library in libc6 libqt6core6 libqt6widgets6 libkf6syntaxhighlighting; do
  grep -q "$library" <<<"$depends" || die "the switchyard .deb does not depend on $library: $depends"
done
say "switchyard depends on: $depends"
say "switchyard-cli depends on: $(dpkg-deb -f "${cli[0]}" Depends)"

rm -rf "$work/debs" "$work/tmp"
mkdir -p "$work/apt-cache" "$work/debs" "$work/tmp"
cp "${gui[0]}" "${cli[0]}" "$work/debs/"
self=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)/$(basename "${BASH_SOURCE[0]}")
mirror=()
[[ -n ${SWITCHYARD_MIRROR:-} ]] && mirror=("$SWITCHYARD_MIRROR")

start=$SECONDS
say "making a fresh Debian 13 root and installing the packages with apt (cached .debs: $(find "$work/apt-cache" -name '*.deb' | wc -l))"
# download/empty and essential/unlink keep the cached .debs in the root's
# archive folder, so apt finds them there instead of downloading them again.
# In ./yard's root mmdebstrap says "mount: /: not mount point" when it tries to
# make / private: it already is (yard runs in its own mount namespace).
TMPDIR=$work/tmp mmdebstrap --variant=apt --mode=root --quiet \
  --skip=download/empty --skip=essential/unlink \
  --setup-hook='mkdir -p "$1"/var/cache/apt/archives' \
  --setup-hook="sync-in $work/apt-cache /var/cache/apt/archives/" \
  --customize-hook="'$self' --inside \"\$1\" '$id' '$version' '$work/apt-cache' '$(basename "${gui[0]}")' '$(basename "${cli[0]}")'" \
  trixie /dev/null "${mirror[@]}"
rm -rf "$work/tmp"
say "passed in $((SECONDS - start)) s"
