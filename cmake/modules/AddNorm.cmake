# Functions that declare norm-mlir's libraries. They wrap MLIR's
# add_mlir_*_library (a static library plus the object library obj.<name>,
# built with LLVM's flags) and then install and export the library into the
# NormMLIRTargets export set instead of MLIR's own, which is what a
# find_package(NormMLIR) of the installed tree imports as NormMLIR::<name>.
#
# Every library links the shared libMLIR.so and libLLVM.so (the imported
# targets MLIR and LLVM, ${NORM_MLIR_LIBS}), never the static MLIR archives.

include_guard(GLOBAL)

# Usage requirements of every exported library: our include directories (the
# source and build trees here, <prefix>/include once installed), MLIR's and
# LLVM's (which their imported targets do not carry) and C++17.
function(_norm_library_usage_requirements name)
  target_include_directories(${name} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
    $<BUILD_INTERFACE:${PROJECT_BINARY_DIR}/include>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  set(mlir_include_dirs ${MLIR_INCLUDE_DIRS} ${LLVM_INCLUDE_DIRS})
  list(REMOVE_DUPLICATES mlir_include_dirs)
  target_include_directories(${name} SYSTEM PUBLIC ${mlir_include_dirs})
  target_compile_features(${name} PUBLIC cxx_std_17)
endfunction()

# Installs target `name` into the NormMLIRTargets export set.
function(norm_install_library name)
  install(TARGETS ${name}
    EXPORT NormMLIRTargets
    COMPONENT norm-libraries
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
    RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  set_property(GLOBAL APPEND PROPERTY NORM_EXPORTS ${name})
endfunction()

# add_norm_library(name sources... [DEPENDS ...] [LINK_LIBS ...]
#                  [LINK_COMPONENTS ...]): arguments as add_mlir_library.
function(add_norm_library name)
  add_mlir_library(${ARGV} DISABLE_INSTALL)
  _norm_library_usage_requirements(${name})
  norm_install_library(${name})
  set_property(GLOBAL APPEND PROPERTY NORM_ALL_LIBS ${name})
endfunction()

# A library of the norm dialect (its IR or its transforms).
function(add_norm_dialect_library name)
  add_mlir_dialect_library(${ARGV} DISABLE_INSTALL)
  _norm_library_usage_requirements(${name})
  norm_install_library(${name})
  set_property(GLOBAL APPEND PROPERTY NORM_ALL_LIBS ${name})
endfunction()

# A library of conversions out of the norm dialect.
function(add_norm_conversion_library name)
  add_mlir_conversion_library(${ARGV} DISABLE_INSTALL)
  _norm_library_usage_requirements(${name})
  norm_install_library(${name})
  set_property(GLOBAL APPEND PROPERTY NORM_ALL_LIBS ${name})
endfunction()

# A library of the C API (include/norm-c): compiled with hidden visibility
# except for the MLIR_CAPI_EXPORTED functions, as MLIR's own C API libraries.
function(add_norm_public_c_api_library name)
  add_mlir_public_c_api_library(${ARGV} DISABLE_INSTALL)
  _norm_library_usage_requirements(${name})
  norm_install_library(${name})
endfunction()

# add_norm_shared_library(name EMBED libs... LINK_LIBS libs...): one shared
# library made of the object files of the static libraries `EMBED` (their
# obj.<lib>), linked against `LINK_LIBS` (the shared libMLIR.so and
# libLLVM.so, or another such library). This is what loadable plugins and C
# programs link, so that a process holds one copy of the norm dialect, its
# TypeIDs and its registrations, however many of them it loads.
function(add_norm_shared_library name)
  cmake_parse_arguments(ARG "" "OUTPUT_NAME" "EMBED;LINK_LIBS;EXTRA_OBJECTS" ${ARGN})
  set(objects)
  foreach(lib ${ARG_EMBED})
    list(APPEND objects $<TARGET_OBJECTS:obj.${lib}>)
  endforeach()
  add_library(${name} SHARED ${objects} ${ARG_EXTRA_OBJECTS})
  if(ARG_OUTPUT_NAME)
    set_target_properties(${name} PROPERTIES OUTPUT_NAME ${ARG_OUTPUT_NAME})
  endif()
  set_target_properties(${name} PROPERTIES
    LINKER_LANGUAGE CXX
    LIBRARY_OUTPUT_DIRECTORY ${LLVM_LIBRARY_OUTPUT_INTDIR})
  target_link_libraries(${name} PUBLIC ${ARG_LINK_LIBS})
  foreach(lib ${ARG_EMBED})
    add_dependencies(${name} obj.${lib})
  endforeach()
  _norm_library_usage_requirements(${name})
  norm_install_library(${name})
endfunction()
