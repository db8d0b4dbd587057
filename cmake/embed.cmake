# bullpen_embed(VAR INPUT OUTPUT): writes OUTPUT, a C file defining
#   const char VAR[];            (the bytes of INPUT, NUL-terminated)
#   const unsigned long VAR_len; (their count, without the NUL)
# so data files ship inside the binary and work from any directory.
function(bullpen_embed var input output)
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DVAR=${var} -DIN=${input} -DOUT=${output}
            -P ${CMAKE_SOURCE_DIR}/cmake/embed_run.cmake
    DEPENDS ${input} ${CMAKE_SOURCE_DIR}/cmake/embed_run.cmake
    COMMENT "Embedding ${input}")
endfunction()
