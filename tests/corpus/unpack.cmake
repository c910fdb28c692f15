# Unpacks TARBALL into DEST once (a stamp file marks a complete unpack).
if(NOT EXISTS "${DEST}/.unpacked")
  file(REMOVE_RECURSE "${DEST}")
  file(MAKE_DIRECTORY "${DEST}")
  execute_process(COMMAND ${CMAKE_COMMAND} -E tar xJf "${TARBALL}"
                  WORKING_DIRECTORY "${DEST}" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cannot unpack ${TARBALL}")
  endif()
  file(TOUCH "${DEST}/.unpacked")
endif()
