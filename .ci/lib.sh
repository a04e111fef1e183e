# Sourced by the .ci scripts. check_docx FILE…: under .ci/run (DOCX_LIST
# set), the files join the one check-docx run at its end (LibreOffice and
# the validator start once for every DOCX of CI); run alone, a script
# checks its own files at once.
check_docx() {
  if [ -n "${DOCX_LIST:-}" ]; then
    printf '%s\n' "$@" >> "$DOCX_LIST"
  else
    "${SHARED:-../shared}/tools/check-docx" "$@" > /dev/null
  fi
}
