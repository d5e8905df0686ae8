# CPack: the installers made from the install rules in packaging/CMakeLists.txt.
#   Linux    DEB (switchyard, switchyard-cli), RPM (the same two), TGZ (one archive)
#   Windows  NSIS installer (one, both components)
#   macOS    DMG with Switchyard.app
# ./yard package runs cpack; packaging/README.md says what each one holds.

set(CPACK_PACKAGE_NAME switchyard)
set(CPACK_PACKAGE_VENDOR "The Switchyard developers")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Compare, route and track LLM models side by side")
set(CPACK_PACKAGE_HOMEPAGE_URL "${SWITCHYARD_HOMEPAGE}")
set(CPACK_PACKAGE_INSTALL_DIRECTORY Switchyard)
set(CPACK_PACKAGE_EXECUTABLES switchyard Switchyard)
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/COPYING")
set(CPACK_PACKAGE_CHECKSUM SHA256)
set(CPACK_STRIP_FILES ON)
set(CPACK_OUTPUT_FILE_PREFIX packages)
set(CPACK_PROJECT_CONFIG_FILE "${PROJECT_SOURCE_DIR}/packaging/CPackProjectConfig.cmake")
# Whoever builds the packages for a distribution names themselves here.
set(SWITCHYARD_PACKAGE_MAINTAINER "The Switchyard developers <${SWITCHYARD_HOMEPAGE}/issues>"
    CACHE STRING "The Maintainer field of the .deb and the Packager of the .rpm")
set(CPACK_PACKAGE_CONTACT "${SWITCHYARD_PACKAGE_MAINTAINER}")

if(WIN32)
  set(CPACK_GENERATOR NSIS ZIP)
elseif(APPLE)
  set(CPACK_GENERATOR DragNDrop)
else()
  set(CPACK_GENERATOR DEB RPM TGZ)
endif()

# --- Components ----------------------------------------------------------------
set(CPACK_COMPONENTS_ALL gui cli)
set(gui_description "Switchyard is a native desktop workbench for large language models: it
sends one prompt to several providers at once (OpenAI and compatible
services, Anthropic, Google Gemini, Ollama) and compares their answers as
they stream in, with the time to the first token, the speed, the tokens and
the cost of each. Keys stay in the system keychain; every call is kept in a
local usage log with budgets.")
set(cli_description "switchyard-cli asks several LLM models at once from the terminal and prints
their answers with a table of speed, tokens and cost; it manages API keys in
the system keychain and the price catalog, and reports on Switchyard's usage
log. It needs no display.")

# --- Debian -----------------------------------------------------------------------
# Library dependencies come from dpkg-shlibdeps. It cannot see what Qt loads at
# run time: the SVG icon engine (every icon in the window is an SVG) is named
# by hand, the Wayland platform plugin recommended, and fonts for what models
# write in Chinese, Japanese, Korean and emoji (empty boxes without them).
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_ENABLE_COMPONENT_DEPENDS ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${SWITCHYARD_HOMEPAGE}")
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
set(CPACK_DEBIAN_GUI_PACKAGE_NAME switchyard)
set(CPACK_DEBIAN_GUI_PACKAGE_DEPENDS "qt6-svg-plugins")
set(CPACK_DEBIAN_GUI_PACKAGE_RECOMMENDS "qt6-wayland, fonts-noto-cjk, fonts-noto-color-emoji")
set(CPACK_DEBIAN_GUI_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION_SUMMARY}\n${gui_description}")
set(CPACK_DEBIAN_CLI_PACKAGE_NAME switchyard-cli)
set(CPACK_DEBIAN_CLI_DESCRIPTION "Switchyard's command line: ask several LLM models at once\n${cli_description}")

# --- RPM ------------------------------------------------------------------------------
# rpmbuild's own dependency generator reads the ELF files (libQt6Core.so.6()(64bit), ...).
set(CPACK_RPM_COMPONENT_INSTALL ON)
set(CPACK_RPM_FILE_NAME RPM-DEFAULT)
set(CPACK_RPM_PACKAGE_RELEASE 1)
set(CPACK_RPM_PACKAGE_LICENSE "GPL-3.0-or-later")
set(CPACK_RPM_PACKAGE_GROUP "Applications/Productivity")
set(CPACK_RPM_PACKAGE_URL "${SWITCHYARD_HOMEPAGE}")
set(CPACK_RPM_PACKAGE_AUTOREQ ON)
set(CPACK_RPM_PACKAGE_AUTOPROV OFF)
set(CPACK_RPM_GUI_PACKAGE_NAME switchyard)
# CPack's RPM generator does not turn component dependencies into Requires.
set(CPACK_RPM_GUI_PACKAGE_REQUIRES
  "qt6-qtsvg, switchyard-cli = ${CPACK_PACKAGE_VERSION}-${CPACK_RPM_PACKAGE_RELEASE}")
set(CPACK_RPM_GUI_PACKAGE_SUMMARY "${CPACK_PACKAGE_DESCRIPTION_SUMMARY}")
set(CPACK_RPM_GUI_PACKAGE_DESCRIPTION "${gui_description}")
set(CPACK_RPM_CLI_PACKAGE_NAME switchyard-cli)
set(CPACK_RPM_CLI_PACKAGE_SUMMARY "Switchyard's command line: ask several LLM models at once")
set(CPACK_RPM_CLI_PACKAGE_DESCRIPTION "${cli_description}")
# The folders below belong to the filesystem and hicolor-icon-theme packages.
set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
  /usr/share/applications /usr/share/metainfo /usr/share/icons /usr/share/icons/hicolor
  /usr/share/man /usr/share/man/man1 /usr/share/doc)
foreach(size IN LISTS SWITCHYARD_ICON_SIZES ITEMS scalable)
  if(size STREQUAL "scalable")
    set(dir scalable)
  else()
    set(dir "${size}x${size}")
  endif()
  list(APPEND CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
    "/usr/share/icons/hicolor/${dir}" "/usr/share/icons/hicolor/${dir}/apps")
endforeach()

# --- Archive: one .tar.gz with everything, to unpack and run ------------------
set(CPACK_ARCHIVE_COMPONENT_INSTALL OFF)

# --- Windows: NSIS -------------------------------------------------------------------
set(CPACK_NSIS_DISPLAY_NAME Switchyard)
set(CPACK_NSIS_PACKAGE_NAME Switchyard)
set(CPACK_NSIS_URL_INFO_ABOUT "${SWITCHYARD_HOMEPAGE}")
set(CPACK_NSIS_HELP_LINK "${SWITCHYARD_HOMEPAGE}/issues")
set(CPACK_NSIS_MUI_ICON "${PROJECT_BINARY_DIR}/packaging/icons/${SWITCHYARD_APP_ID}.ico")
set(CPACK_NSIS_MUI_UNIICON "${PROJECT_BINARY_DIR}/packaging/icons/${SWITCHYARD_APP_ID}.ico")
set(CPACK_NSIS_INSTALLED_ICON_NAME bin/switchyard.exe)
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
set(CPACK_NSIS_MODIFY_PATH ON) # offers to put bin (switchyard-cli) on PATH
set(CPACK_NSIS_EXECUTABLES_DIRECTORY bin)
set(CPACK_NSIS_MUI_FINISHPAGE_RUN switchyard.exe)

# --- macOS: DMG ------------------------------------------------------------------------
set(CPACK_DMG_VOLUME_NAME Switchyard)
set(CPACK_DMG_FORMAT UDZO)

include(CPack)

cpack_add_component(cli
  DISPLAY_NAME "Command line (switchyard-cli)"
  DESCRIPTION "switchyard-cli: several models at once from the terminal, keys, prices, usage reports")
cpack_add_component(gui
  DISPLAY_NAME "Switchyard"
  DESCRIPTION "The desktop app"
  DEPENDS cli
  REQUIRED)
