/** The `at …` frames of a stack trace, one per line, tab-indented as k6 prints them. */
export function stackFrames(stack: string): string {
  return stack.split('\n').filter((l) => /^\s*at /.test(l)).map((l) => `\t${l.trim()}`).join('\n');
}
