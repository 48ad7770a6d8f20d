// FlirtCraft's password rules: 8–128 characters with upper case, lower case, a digit and a special character.

export const SPECIALS = '!@#$%^&*()_+-=[]{}|;:,.<>?';
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

export interface PasswordCheck {
  valid: boolean;
  score: number;
  requirements: { min_length: boolean; has_uppercase: boolean; has_lowercase: boolean; has_digit: boolean; has_special: boolean };
  suggestions: string[];
}

export function checkPassword(password: string): PasswordCheck {
  const chars = [...password];
  const requirements = {
    min_length: chars.length >= PASSWORD_MIN,
    has_uppercase: chars.some((c) => c !== c.toLowerCase() && c === c.toUpperCase()),
    has_lowercase: chars.some((c) => c !== c.toUpperCase() && c === c.toLowerCase()),
    has_digit: chars.some((c) => c >= '0' && c <= '9'),
    has_special: chars.some((c) => SPECIALS.includes(c)),
  };
  const suggestions: string[] = [];
  if (!requirements.min_length) suggestions.push(`Use at least ${PASSWORD_MIN} characters`);
  if (!requirements.has_uppercase) suggestions.push('Add uppercase letters');
  if (!requirements.has_lowercase) suggestions.push('Add lowercase letters');
  if (!requirements.has_digit) suggestions.push('Add numbers');
  if (!requirements.has_special) suggestions.push('Add special characters (!@#$%^&*)');
  const score = Object.values(requirements).filter(Boolean).length;
  return { valid: score === 5 && chars.length <= PASSWORD_MAX, score, requirements, suggestions };
}

/** The account module's password policy hook: a message naming what is missing, or undefined. */
export function passwordPolicy(password: string): string | undefined {
  if ([...password].length < PASSWORD_MIN) return `Password must be at least ${PASSWORD_MIN} characters long`;
  const r = checkPassword(password).requirements;
  if (!(r.has_uppercase && r.has_lowercase && r.has_digit && r.has_special)) return 'Password must contain uppercase, lowercase, number, and special character';
  return undefined;
}
