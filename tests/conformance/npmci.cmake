# The setup step of the conformance tests: installs the npm packages pinned in
# package-lock.json into WORK_DIR, a folder of the build tree, so that
# node_modules never lands in the source tree. Runs npm ci only when
# node_modules is missing or package.json / package-lock.json changed since the
# last install, so a rerun of the suite costs nothing.
#
#   cmake -DNPM=... -DSOURCE_DIR=... -DWORK_DIR=... -P npmci.cmake

foreach(var NPM SOURCE_DIR WORK_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "npmci.cmake: ${var} is not set")
  endif()
endforeach()

if(NOT NPM OR NOT EXISTS "${NPM}")
  message(FATAL_ERROR
    "npm was not found when the build was configured, so the conformance tests cannot install "
    "their mock server. Install Node.js and npm (Debian: nodejs npm, as packaging/build-deps.txt "
    "lists), then reconfigure (./yard clean or remove CMakeCache.txt).")
endif()

file(SHA256 "${SOURCE_DIR}/package.json" package_hash)
file(SHA256 "${SOURCE_DIR}/package-lock.json" lock_hash)
set(wanted "${package_hash} ${lock_hash}")
set(stamp "${WORK_DIR}/.installed-from")

if(EXISTS "${WORK_DIR}/node_modules" AND EXISTS "${stamp}")
  file(READ "${stamp}" installed)
  if(installed STREQUAL wanted)
    message(STATUS "npm packages for the conformance tests are up to date in ${WORK_DIR}")
    return()
  endif()
endif()

# The stamp goes first and comes back only after a complete install, so an
# interrupted npm ci is redone next time.
file(REMOVE "${stamp}")
file(MAKE_DIRECTORY "${WORK_DIR}")
file(COPY_FILE "${SOURCE_DIR}/package.json" "${WORK_DIR}/package.json")
file(COPY_FILE "${SOURCE_DIR}/package-lock.json" "${WORK_DIR}/package-lock.json")

execute_process(COMMAND "${NPM}" --version
                OUTPUT_VARIABLE npm_version OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
message(STATUS "installing the conformance tests' npm packages with npm ${npm_version} (npm ci) into ${WORK_DIR}")
string(TIMESTAMP started "%s" UTC)
# No update check: the only network traffic is the packages the lock names.
execute_process(
  COMMAND "${CMAKE_COMMAND}" -E env npm_config_update_notifier=false
          "${NPM}" ci --no-audit --no-fund
  WORKING_DIRECTORY "${WORK_DIR}"
  RESULT_VARIABLE result
  OUTPUT_VARIABLE output
  ERROR_VARIABLE output
  TIMEOUT 900)
string(TIMESTAMP finished "%s" UTC)
math(EXPR seconds "${finished} - ${started}")

if(NOT result EQUAL 0)
  set(hint "")
  if(output MATCHES "SELF_SIGNED_CERT|UNABLE_TO_GET_ISSUER_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|CERT_")
    set(hint " npm does not trust the registry's TLS certificate: behind a TLS-inspecting proxy, add its CA to the system's CA bundle (./yard passes the host's bundle into the Debian 13 root).")
  elseif(output MATCHES "ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|network")
    set(hint " npm could not reach its registry: the conformance tests need network access to the npm registry once per build tree (or a warm npm cache).")
  endif()
  message(FATAL_ERROR
    "npm ci failed after ${seconds} s (${result}).${hint}\n"
    "The packages are pinned in ${SOURCE_DIR}/package-lock.json. npm said:\n${output}")
endif()

file(WRITE "${stamp}" "${wanted}")
message(STATUS "npm ci finished in ${seconds} s")
