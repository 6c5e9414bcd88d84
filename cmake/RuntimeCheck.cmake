# ks_runtime_package(COMPILER OUTVAR): the Debian package that holds COMPILER's sanitizer
# and libFuzzer runtimes. clang's are versioned with clang itself (libclang-rt-14-dev on
# Debian 12, libclang-rt-19-dev on Debian 13); gcc's come with libgcc-N-dev.
function(ks_runtime_package compiler outvar)
  execute_process(COMMAND ${compiler} -dumpversion OUTPUT_VARIABLE version
                  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  string(REGEX MATCH "^[0-9]+" major "${version}")
  execute_process(COMMAND ${compiler} --version OUTPUT_VARIABLE banner ERROR_QUIET)
  if(banner MATCHES "clang")
    set(${outvar} "libclang-rt-${major}-dev" PARENT_SCOPE)
  else()
    set(${outvar} "libgcc-${major}-dev (libasan, libubsan)" PARENT_SCOPE)
  endif()
endfunction()

# ks_require_runtime(COMPILER FLAGS WHAT SOURCE): compiles and links SOURCE with COMPILER and
# FLAGS at configure time, and stops with the package to install when that fails, so that a
# missing runtime is reported here and not as a link error halfway through the build.
function(ks_require_runtime compiler flags what source)
  set(dir ${CMAKE_BINARY_DIR}/runtime-check)
  file(MAKE_DIRECTORY ${dir})
  string(MAKE_C_IDENTIFIER "${what}" name)
  file(WRITE ${dir}/${name}.c "${source}")
  execute_process(COMMAND ${compiler} ${flags} -o ${dir}/${name} ${dir}/${name}.c
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    ks_runtime_package(${compiler} package)
    message(FATAL_ERROR "${compiler} cannot link the ${what} runtime (${flags}):\n${out}\n"
            "Install ${package} (scripts/install-deps does), then configure again.")
  endif()
  message(STATUS "${what} runtime links (${compiler} ${flags})")
endfunction()
