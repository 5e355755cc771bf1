// Numbers the portal reads from its environment (README, "Configuration"): a positive
// value of the variable, or the default when it is unset or not one.

export function positiveSetting(name: string, fallback: number, { integer = true }: { integer?: boolean } = {}): number {
  const value = Number(process.env[name]);
  return (integer ? Number.isInteger(value) : Number.isFinite(value)) && value > 0 ? value : fallback;
}
