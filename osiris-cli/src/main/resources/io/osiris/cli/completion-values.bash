
# ---------------------------------------------------------------------------------------------
# Values osiris knows only at completion time: connection names (--source), template names
# (--template), session ids (--session, sessions show|clear), pipeline files (run, validate),
# run ids (runs show). The script asks the same osiris the person typed: `osiris __complete KIND`
# prints the candidates one per line, reading .osiris.yaml and .osiris/state.db; anything else
# falls through to picocli's completion of commands and options above.

# The kind of value the word under the cursor is, or nothing.
function _osiris_value_kind() {
  local prev=${COMP_WORDS[COMP_CWORD-1]} cur=${COMP_WORDS[COMP_CWORD]}
  case "$prev" in
    --source) echo connections; return ;;
    --template) echo templates; return ;;
    --session) echo sessions; return ;;
  esac
  [[ "$cur" == -* ]] && return
  local i word command="" positionals=()
  for (( i=1; i<COMP_CWORD; i++ )); do
    word=${COMP_WORDS[i]}
    case "$word" in
      --config|--plugins-dir|--source|--template|--session|--var|--params|--rows|--sql|--dir|-o|--output)
        i=$((i+1)) ;;
      -*) ;;
      *) if [ -z "$command" ]; then command=$word; else positionals+=("$word"); fi ;;
    esac
  done
  case "$command ${#positionals[@]} ${positionals[0]:-}" in
    "run 0 "|"validate 0 ") echo pipelines ;;
    "sessions 1 show"|"sessions 1 clear") echo sessions ;;
    "runs 1 show") echo runs ;;
  esac
}

# The --config (and --plugins-dir) the command line names, for the osiris that answers.
function _osiris_root_options() {
  local i
  for (( i=1; i<COMP_CWORD-1; i++ )); do
    case "${COMP_WORDS[i]}" in
      --config|--plugins-dir) printf '%s\n%s\n' "${COMP_WORDS[i]}" "${COMP_WORDS[i+1]}" ;;
    esac
  done
}

function _complete_osiris_values() {
  local kind cur=${COMP_WORDS[COMP_CWORD]}
  kind=$(_osiris_value_kind)
  if [ -n "$kind" ]; then
    local IFS=$'\n' options candidates
    options=( $(_osiris_root_options) )
    candidates=$("${COMP_WORDS[0]}" "${options[@]}" __complete "$kind" 2>/dev/null)
    COMPREPLY=( $(compgen -W "$candidates" -- "$cur") )
    if [ ${#COMPREPLY[@]} -gt 0 ] || [ "$kind" != pipelines ]; then
      return 0
    fi
  fi
  _complete_osiris "$@"
}

complete -F _complete_osiris_values -o default osiris osiris.sh osiris.bash
