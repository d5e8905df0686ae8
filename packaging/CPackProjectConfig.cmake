# Read by cpack once per generator (CPACK_PROJECT_CONFIG_FILE), for settings
# that must differ between generators.
if(CPACK_GENERATOR STREQUAL "DEB")
  # CPack's DEB generator puts CPACK_PACKAGE_DESCRIPTION_SUMMARY in front of
  # every component's description, unless it is CPack's default. Each
  # component's description starts with its own summary line instead, so
  # switchyard-cli does not carry the app's.
  set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${CPACK_DEFAULT_PACKAGE_DESCRIPTION_SUMMARY}")
endif()
