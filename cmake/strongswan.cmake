# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# Provides the target strongswan::charon (libcharon + libstrongswan, headers and config.h).
# Either CROSSPEER_STRONGSWAN_PREFIX names an existing prefix (one with libcharon's headers
# under include/strongswan/libcharon), or the pinned build is made once into the machine cache.

if(NOT CROSSPEER_STRONGSWAN_PREFIX)
	execute_process(
		COMMAND ${CMAKE_SOURCE_DIR}/scripts/build-strongswan.sh
		OUTPUT_VARIABLE _prefix_out
		RESULT_VARIABLE _rc)
	if(NOT _rc EQUAL 0)
		message(FATAL_ERROR "the pinned strongSwan build failed (scripts/build-strongswan.sh)")
	endif()
	string(STRIP "${_prefix_out}" _prefix_out)
	string(REGEX REPLACE ".*\n" "" _prefix_out "${_prefix_out}")
	set(CROSSPEER_STRONGSWAN_PREFIX "${_prefix_out}" CACHE PATH "" FORCE)
endif()

set(STRONGSWAN_PREFIX ${CROSSPEER_STRONGSWAN_PREFIX})
set(STRONGSWAN_LIBDIR ${STRONGSWAN_PREFIX}/lib/ipsec)
set(STRONGSWAN_INCLUDEDIR ${STRONGSWAN_PREFIX}/include/strongswan)
foreach(_f ${STRONGSWAN_LIBDIR}/include/config.h ${STRONGSWAN_INCLUDEDIR}/libcharon/daemon.h
		${STRONGSWAN_LIBDIR}/libcharon.so)
	if(NOT EXISTS ${_f})
		message(FATAL_ERROR "strongSwan prefix ${STRONGSWAN_PREFIX} lacks ${_f}")
	endif()
endforeach()
message(STATUS "strongSwan: ${STRONGSWAN_PREFIX}")

add_library(strongswan_charon INTERFACE)
add_library(strongswan::charon ALIAS strongswan_charon)
target_include_directories(strongswan_charon SYSTEM INTERFACE
	${STRONGSWAN_INCLUDEDIR} ${STRONGSWAN_INCLUDEDIR}/libcharon)
target_compile_options(strongswan_charon INTERFACE
	"SHELL:-include ${STRONGSWAN_LIBDIR}/include/config.h")
target_link_directories(strongswan_charon INTERFACE ${STRONGSWAN_LIBDIR})
target_link_libraries(strongswan_charon INTERFACE charon strongswan
	"-Wl,-rpath,${STRONGSWAN_LIBDIR}")

# The stock daemon and tools of the same build, for interop tests and the benchmark.
set(STRONGSWAN_CHARON ${STRONGSWAN_PREFIX}/libexec/ipsec/charon)
set(STRONGSWAN_SWANCTL ${STRONGSWAN_PREFIX}/sbin/swanctl)
