# Script mode: writes OUTPUT (a header) with the checkout's git revision. Run on
# every build; configure_file leaves the file untouched when the revision has
# not changed, so nothing recompiles needlessly.
set(SWITCHYARD_REVISION "unknown")
find_package(Git QUIET)
if(GIT_FOUND)
  execute_process(COMMAND "${GIT_EXECUTABLE}" -c safe.directory=* rev-parse --short=10 HEAD
                  WORKING_DIRECTORY "${SOURCE_DIR}" OUTPUT_VARIABLE rev
                  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE rc)
  if(rc EQUAL 0 AND rev)
    set(SWITCHYARD_REVISION "${rev}")
    execute_process(COMMAND "${GIT_EXECUTABLE}" -c safe.directory=* status --porcelain --untracked-files=no
                    WORKING_DIRECTORY "${SOURCE_DIR}" OUTPUT_VARIABLE dirty ERROR_QUIET)
    if(dirty)
      string(APPEND SWITCHYARD_REVISION "-dirty")
    endif()
  endif()
endif()
configure_file("${INPUT}" "${OUTPUT}" @ONLY)
