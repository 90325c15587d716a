/**
 * yargs' own validation messages ("Invalid values:\n  Argument: output, Given: …") in the house
 * style: one line that names the flag as it was typed and says what was expected, as kubectl
 * would. Messages not recognised pass through unchanged.
 */

/** "a", "a or b", "a, b or c". */
function alternatives(values: readonly string[]): string {
  return values.length <= 1
    ? (values[0] ?? "")
    : `${values.slice(0, -1).join(", ")} or ${values[values.length - 1]}`;
}

const unquote = (s: string) => s.trim().replace(/^"(.*)"$/, "$1");

/** The flag as the user wrote it (-o, --output or --output=…), or undefined: not a flag in argv. */
function flagIn(name: string, argv: readonly string[], given?: string): string | undefined {
  const long = `--${name}`;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? "";
    if (a === long || a.startsWith(`${long}=`)) return long;
    // A boolean turned off: yargs names --no-color "color".
    if (a === `--no-${name}`) return a;
    // A short alias: yargs names the option by its long name, so find the alias by its value.
    const short = /^-[^-]$/.test(a);
    if (short && (name.length === 1 ? a === `-${name}` : argv[i + 1] === given)) return a;
  }
  return undefined;
}

const asFlag = (name: string) => (name.length === 1 ? `-${name}` : `--${name}`);

/**
 * The house-style message for a yargs validation message, or the message itself. `usage` is the
 * command line the user was running (e.g. "kubectl antrea-mc iam-policy <mode>").
 */
export function houseStyle(message: string, argv: readonly string[], usage: string): string {
  const invalid = /^Invalid values:\s*Argument: (\S+), Given: (.*), Choices: (.*)$/s.exec(message);
  if (invalid) {
    const [, name = "", givenText = "", choicesText = ""] = invalid;
    const given = unquote(givenText);
    const choices = choicesText.split(/,\s*/).map(unquote);
    const flag = flagIn(name, argv, given);
    // Not a flag: a positional argument (iam-policy <mode>).
    return flag
      ? `${flag} ${given}: expected ${alternatives(choices)}`
      : `unknown ${name} "${given}": expected ${alternatives(choices)}`;
  }
  const noValue = /^Not enough arguments following: (\S+)$/.exec(message);
  if (noValue) {
    const name = noValue[1] ?? "";
    return `${flagIn(name, argv) ?? asFlag(name)} needs a value`;
  }
  const unknown = /^Unknown arguments?: (.*)$/.exec(message);
  if (unknown) {
    const all = (unknown[1] ?? "").split(/,\s*/);
    // yargs also names the camelCase copy of a kebab-case flag (aws-profile, awsProfile).
    const kebab = (n: string) => n.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    const names = all.filter((n) => kebab(n) === n || !all.includes(kebab(n)));
    return names
      .map((n) => {
        const flag = flagIn(n, argv);
        return flag ? `unknown flag: ${flag}` : `unexpected argument "${n}"`;
      })
      .join("; ");
  }
  const tooFew = /^Not enough non-option arguments: got (\d+), need at least (\d+)$/.exec(message);
  if (tooFew) return `missing argument: ${usage}`;
  const tooMany = /^Too many non-option arguments: got (\d+), maximum of (\d+)$/.exec(message);
  if (tooMany) return `too many arguments: ${usage}`;
  const required = /^Missing required arguments?: (.*)$/.exec(message);
  if (required)
    return (required[1] ?? "")
      .split(/,\s*/)
      .map((n) => `--${n} is required`)
      .join("; ");
  return message;
}
