# SPDX-License-Identifier: GPL-2.0-only
# Write the man page PAGE with `RMEM --man PAGE` into OUTPUT: the built
# command renders src/cli/pages.c, the source of its --help too.
execute_process(COMMAND "${RMEM}" --man "${PAGE}" OUTPUT_FILE "${OUTPUT}.tmp"
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  file(REMOVE "${OUTPUT}.tmp")
  message(FATAL_ERROR "${RMEM} --man ${PAGE}: exit ${rc}: ${err}")
endif()
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
