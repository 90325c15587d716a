/**
 * completion bash|zsh: scripts that complete `kubectl-antrea_mc …` through its hidden `__complete`
 * command. `kubectl antrea-mc …` completes through kubectl (1.26+) and the
 * kubectl_complete-antrea_mc helper instead (see the README).
 */
import type { Argv, CommandModule } from "yargs";
import type { Finish } from "./finish.js";
import type { HelpText } from "./help.js";
import { type CommonArgs, commandFlags } from "./options.js";

const BASH = `# bash completion for kubectl-antrea_mc: source <(kubectl-antrea_mc completion bash)
_kubectl_antrea_mc() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" words=("\${COMP_WORDS[@]:1:COMP_CWORD}")
  if declare -F _get_comp_words_by_ref >/dev/null 2>&1; then
    local cword
    _get_comp_words_by_ref -n =: cur words cword
    words=("\${words[@]:1:cword}")
  fi
  local out
  out=$(kubectl-antrea_mc __complete "\${words[@]}" 2>/dev/null) || return 0
  local IFS=$'\\n' line directive=0
  local -a lines=($out)
  if [[ \${#lines[@]} -gt 0 && \${lines[\${#lines[@]}-1]} == :* ]]; then
    directive=\${lines[\${#lines[@]}-1]#:}
    unset 'lines[\${#lines[@]}-1]'
  fi
  COMPREPLY=()
  for line in "\${lines[@]}"; do
    line=\${line%%$'\\t'*}
    [[ $line == "$cur"* ]] && COMPREPLY+=("$line")
  done
  if declare -F __ltrim_colon_completions >/dev/null 2>&1; then
    __ltrim_colon_completions "$cur"
  fi
  if [[ \${#COMPREPLY[@]} -eq 0 && $((directive & 4)) -eq 0 ]]; then
    compopt -o default 2>/dev/null
  fi
}
complete -F _kubectl_antrea_mc kubectl-antrea_mc
`;

const ZSH = `#compdef kubectl-antrea_mc
# zsh completion for kubectl-antrea_mc: source <(kubectl-antrea_mc completion zsh)
_kubectl_antrea_mc() {
  local out line directive=0
  local -a lines described
  out=$(kubectl-antrea_mc __complete "\${(@)words[2,CURRENT]}" 2>/dev/null) || return 1
  lines=("\${(@f)out}")
  if [[ \${lines[-1]} == :* ]]; then
    directive=\${lines[-1]#:}
    lines[-1]=()
  fi
  for line in $lines; do
    if [[ $line == *$'\\t'* ]]; then
      described+=("\${\${line%%$'\\t'*}//:/\\\\:}:\${line#*$'\\t'}")
    else
      described+=("\${line//:/\\\\:}")
    fi
  done
  if (( \${#described} )); then
    _describe 'kubectl-antrea_mc' described
  elif (( (directive & 4) == 0 )); then
    _files
  fi
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _kubectl_antrea_mc "$@"
else
  compdef _kubectl_antrea_mc kubectl-antrea_mc
fi
`;

export const COMPLETION_SCRIPTS = { bash: BASH, zsh: ZSH } as const;

interface CompletionArgs extends CommonArgs {
  shell: keyof typeof COMPLETION_SCRIPTS;
}

export function completionCommand(
  finish: Finish,
): CommandModule<CommonArgs, CompletionArgs> & HelpText {
  return {
    command: "completion <shell>",
    describe: "Print a shell completion script for kubectl-antrea_mc (bash or zsh)",
    builder: (y: Argv<CommonArgs>) =>
      commandFlags(
        y.positional("shell", {
          choices: ["bash", "zsh"] as const,
          demandOption: true,
          describe: "bash or zsh",
        }),
        [],
      ) as unknown as Argv<CompletionArgs>,
    examples: [
      {
        describe: "complete in this bash session",
        command: "source <(kubectl-antrea_mc completion bash)",
      },
      {
        describe: "install for zsh",
        command: "kubectl-antrea_mc completion zsh > ~/.zsh/completions/_kubectl-antrea_mc",
      },
      {
        describe:
          "for `kubectl antrea-mc <TAB>` (kubectl 1.26 or newer): an executable named kubectl_complete-antrea_mc on your PATH, that runs",
        command: 'kubectl antrea-mc __complete "$@"',
      },
    ],
    handler: (args) => {
      process.stdout.write(COMPLETION_SCRIPTS[args.shell]);
      finish(0);
    },
  };
}
