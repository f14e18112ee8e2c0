/** Whether a toxic applies to a connection: decided once per connection, as Toxiproxy does. */
export function appliesTo(toxicity: number, random: () => number = Math.random): boolean {
  if (toxicity >= 1) return true;
  if (!(toxicity > 0)) return false;
  return random() < toxicity;
}
