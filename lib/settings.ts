// Numbers the portal reads from its environment (README, "Configuration"): a positive
// value of the variable (or 0, where 0 turns something off), or the default when it is
// unset or not one.

export function positiveSetting(name: string, fallback: number, { integer = true, zero = false }: { integer?: boolean; zero?: boolean } = {}): number {
  const raw = process.env[name];
  const value = Number(raw);
  if (!raw?.trim() || !(integer ? Number.isInteger(value) : Number.isFinite(value))) return fallback;
  return value > 0 || (zero && value === 0) ? value : fallback;
}
