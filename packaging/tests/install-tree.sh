#!/usr/bin/env bash
# install-tree.sh: ctest's packaging_install_tree. Installs each component of a
# build into a scratch folder, as a package would, and checks the tree: exactly
# the expected files in each component; every file where the desktop entry and
# the metainfo say; appstreamcli validate-tree; the icons' sizes; the man pages
# (mandoc lint, every command and option of --help documented); the Flatpak
# manifest's id. Needs no root and no network.
set -euo pipefail

while [[ $# -gt 0 ]]; do
  case $1 in
    --build) build=$2 ;;
    --source) source=$2 ;;
    --id) id=$2 ;;
    --version) version=$2 ;;
    --work) work=$2 ;;
    --gui) gui=$2 ;;
    --cli) cli=$2 ;;
    *) echo "install-tree.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift 2
done

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }
have() { command -v "$1" >/dev/null; }

rm -rf "$work"
mkdir -p "$work"
for component in gui cli; do
  DESTDIR=$work/$component cmake --install "$build" --prefix /usr --component "$component" >"$work/$component.log"
  DESTDIR=$work/all cmake --install "$build" --prefix /usr --component "$component" >>"$work/all.log"
done

# --- Each component holds exactly its files --------------------------------------
expected_gui=(
  usr/bin/switchyard
  "usr/share/applications/$id.desktop"
  "usr/share/metainfo/$id.metainfo.xml"
  "usr/share/icons/hicolor/scalable/apps/$id.svg"
  usr/share/man/man1/switchyard.1.gz
  usr/share/doc/switchyard/copyright
  usr/share/doc/switchyard/COPYING
  usr/share/doc/switchyard/THIRD-PARTY-NOTICES.md
)
sizes=(16 22 24 32 48 64 128 256 512)
for size in "${sizes[@]}"; do
  expected_gui+=("usr/share/icons/hicolor/${size}x${size}/apps/$id.png")
done
expected_cli=(
  usr/bin/switchyard-cli
  usr/share/man/man1/switchyard-cli.1.gz
  usr/share/doc/switchyard-cli/copyright
  usr/share/doc/switchyard-cli/COPYING
  usr/share/doc/switchyard-cli/THIRD-PARTY-NOTICES.md
)
check_component() {
  local component=$1
  shift
  local got want
  got=$(cd "$work/$component" && find . -type f -o -type l | sed 's|^\./||' | sort)
  want=$(printf '%s\n' "$@" | sort)
  if [[ $got == "$want" ]]; then
    ok "the $component component installs its $# files and nothing else"
  else
    fail "the $component component's files differ from the expected list:"
    diff <(echo "$want") <(echo "$got") | sed 's/^/    /' || true
  fi
}
check_component gui "${expected_gui[@]}"
check_component cli "${expected_cli[@]}"

root=$work/all
desktop=$root/usr/share/applications/$id.desktop
metainfo=$root/usr/share/metainfo/$id.metainfo.xml

# --- The desktop entry and the metainfo point at files that are there -------------
exec_line=$(sed -n 's/^Exec=//p' "$desktop")
program=${exec_line%% *}
[[ -x $root/usr/bin/$program ]] && ok "Exec=$program is installed in /usr/bin" ||
  fail "the desktop entry's Exec=$exec_line names no installed program"
icon=$(sed -n 's/^Icon=//p' "$desktop")
[[ $icon == "$id" ]] && ok "Icon= is the application id" || fail "Icon=$icon is not the application id $id"
[[ -f $root/usr/share/icons/hicolor/scalable/apps/$icon.svg && -f $root/usr/share/icons/hicolor/48x48/apps/$icon.png ]] &&
  ok "the icon $icon is in the hicolor theme" || fail "the icon $icon is missing from the hicolor theme"

grep -q "<id>$id</id>" "$metainfo" && ok "the metainfo's id is $id" || fail "the metainfo's <id> is not $id"
launchable=$(sed -n 's|.*<launchable type="desktop-id">\(.*\)</launchable>.*|\1|p' "$metainfo")
[[ $launchable == "$id.desktop" && -f $root/usr/share/applications/$launchable ]] &&
  ok "<launchable> names the installed $launchable" || fail "<launchable>$launchable</launchable> is not the installed desktop file"
while read -r binary; do
  [[ -x $root/usr/bin/$binary ]] && ok "<binary>$binary</binary> is installed" ||
    fail "the metainfo provides <binary>$binary</binary>, which is not installed"
done < <(sed -n 's|.*<binary>\(.*\)</binary>.*|\1|p' "$metainfo")
newest=$(sed -n 's|.*<release version="\([^"]*\)".*|\1|p' "$metainfo" | head -n 1)
[[ $newest == "$version" ]] && ok "the newest release in the metainfo is $version" ||
  fail "the newest release in the metainfo is $newest, the build is $version"
# Each screenshot URL names a PNG committed in packaging/screenshots, of the
# size the metainfo says (the URLs themselves are not fetched: no network).
while read -r width height name; do
  png=$source/packaging/screenshots/$name
  if [[ ! -f $png ]]; then
    fail "the metainfo's screenshot $name is not in packaging/screenshots"
  elif have file && [[ $(file -b "$png") != "PNG image data, $width x $height,"* ]]; then
    fail "packaging/screenshots/$name is not $width x $height: $(file -b "$png")"
  else
    ok "the screenshot $name is committed, $width x $height"
  fi
done < <(sed -n 's|.*<image type="source" width="\([0-9]*\)" height="\([0-9]*\)">.*/\([^/]*\)</image>.*|\1 \2 \3|p' "$metainfo")
if grep -q '@[A-Z_]*@' "$desktop" "$metainfo"; then
  fail "an @VARIABLE@ was left unconfigured"
fi

if have appstreamcli; then
  if appstreamcli validate-tree --no-net "$root" >"$work/validate-tree.log" 2>&1; then
    ok "appstreamcli validate-tree passes"
  else
    fail "appstreamcli validate-tree:"; sed 's/^/    /' "$work/validate-tree.log"
  fi
else
  echo "skipped: appstreamcli validate-tree (appstream is not installed)"
fi

# --- Icons -----------------------------------------------------------------------------
if have file; then
  for size in "${sizes[@]}"; do
    description=$(file -b "$root/usr/share/icons/hicolor/${size}x${size}/apps/$id.png")
    [[ $description == "PNG image data, $size x $size,"* ]] ||
      fail "the ${size}x${size} icon is not a $size px PNG: $description"
  done
  ok "every hicolor PNG has its size"
  description=$(file -b "$build/packaging/icons/$id.ico")
  [[ $description == "MS Windows icon resource - 7 icons"* ]] && ok "the .ico holds 7 icons" ||
    fail "the Windows icon: $description"
  description=$(file -b "$build/packaging/icons/$id.icns")
  [[ $description == "Mac OS X icon"* ]] && ok "the .icns is a macOS icon" || fail "the macOS icon: $description"
else
  echo "skipped: the icons' sizes (file is not installed)"
fi

# --- Man pages ----------------------------------------------------------------------------
for page in switchyard.1 switchyard-cli.1; do
  section=gui
  [[ $page == switchyard-cli.1 ]] && section=cli
  if ! cmp -s <(gzip -dc "$root/usr/share/man/man1/$page.gz") "$build/packaging/man/$page"; then
    fail "the installed $page.gz is not the configured $page"
  fi
  if have mandoc; then
    if mandoc -T lint -W warning "$build/packaging/man/$page" >"$work/$page.lint" 2>&1; then
      ok "mandoc finds nothing to say about $page"
    else
      fail "mandoc -T lint $page:"; sed 's/^/    /' "$work/$page.lint"
    fi
  fi
  # As a reader sees it: man -l (or mandoc) renders it without a warning, and
  # no word stands apart from its full stop (".B --help ." where ".BR" was meant).
  rendered=
  if have man; then
    rendered=$(MANWIDTH=80 LC_ALL=C.UTF-8 man -l "$build/packaging/man/$page" 2>"$work/$page.warnings" | sed 's/.\x08//g')
  elif have mandoc; then
    rendered=$(mandoc -T utf8 "$build/packaging/man/$page" 2>"$work/$page.warnings" | sed 's/.\x08//g')
  fi
  if [[ -n $rendered ]]; then
    if [[ -s $work/$page.warnings ]]; then
      fail "rendering $page warns:"; sed 's/^/    /' "$work/$page.warnings"
    elif grep -nE '[[:alnum:]] [.,;:]([[:space:]]|$)' <<<"$rendered" >"$work/$page.spaces"; then
      fail "$page, rendered, has a space before punctuation:"; sed 's/^/    /' "$work/$page.spaces"
    else
      ok "$page renders cleanly"
    fi
  fi
done
# Every command of switchyard-cli --help, and every option of both --help
# texts, is in the man page.
man_cli=$build/packaging/man/switchyard-cli.1
man_gui=$build/packaging/man/switchyard.1
commands=$("$cli" --help | sed -n '/^Commands:/,/^$/p' | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p')
for command in $commands; do
  # In roff a hyphen is written \-.
  grep -q "^\.B $(sed 's/-/\\\\-/g' <<<"$command")\b" "$man_cli" && ok "switchyard-cli.1 documents the command $command" ||
    fail "switchyard-cli.1 does not document the command '$command' that --help lists"
done
check_options() {
  local man=$1 help=$2 option escaped
  for option in $(grep -o -- '--[a-z][a-z-]*' <<<"$help" | sort -u); do
    escaped=$(sed 's/-/\\\\-/g' <<<"$option")
    grep -q -- "$escaped" "$man" && ok "$(basename "$man") documents $option" ||
      fail "$(basename "$man") does not document $option, which --help lists"
  done
}
check_options "$man_cli" "$("$cli" --help)"
for command in $commands; do
  check_options "$man_cli" "$("$cli" "$command" --help 2>&1 || true)"
done
check_options "$man_gui" "$("$gui" --help)"

# --- The other platforms' recipes use the same id --------------------------------------
flatpak=$source/packaging/flatpak/$id.yml
if [[ -f $flatpak ]]; then
  grep -q "^app-id: $id\$" "$flatpak" && ok "the Flatpak manifest's app-id is $id" ||
    fail "the Flatpak manifest's app-id is not $id"
else
  fail "no Flatpak manifest named $id.yml in packaging/flatpak"
fi

if ((failures)); then
  echo "$failures check(s) failed; the installed tree is in $work"
  exit 1
fi
echo "all checks passed"
