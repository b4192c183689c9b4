# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# The report work (issue 5): result model, report writers, baselines. xpreport is plain C11
# with no charon, so its unit tests need neither charon nor namespaces.

add_library(xpreport STATIC
	result.c result_verdict.c atomic_file.c
	report.c report_util.c report_json.c report_json_load.c
	report_junit.c report_html.c report_svg.c report_prom.c report_summary.c
	baseline_stats.c baseline_store.c baseline_compare.c)
target_include_directories(xpreport PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(xpreport PUBLIC PkgConfig::JANSSON m)
set_target_properties(xpreport PROPERTIES C_EXTENSIONS OFF)
target_compile_definitions(xpreport PRIVATE _GNU_SOURCE)

target_link_libraries(crosspeer PRIVATE xpreport)

# Glue from the probes library into xp_result_t, for verify (links the probes library).
add_library(xpresult_probes STATIC result_probes.c)
target_link_libraries(xpresult_probes PUBLIC xpreport xpprobes)
set_target_properties(xpresult_probes PROPERTIES C_EXTENSIONS OFF)
target_compile_definitions(xpresult_probes PRIVATE _GNU_SOURCE)
target_link_libraries(crosspeer PRIVATE xpresult_probes)
