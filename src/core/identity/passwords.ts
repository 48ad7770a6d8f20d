// argon2id at OWASP's recommended parameters (19 MiB, 2 passes, 1 lane).
import { hash, verify } from '@node-rs/argon2';

// algorithm 2 = Argon2id (the package's const enum can't be imported under verbatimModuleSyntax).
const PARAMS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, PARAMS);
}

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, password);
  } catch {
    return false; // malformed stored hash: treat as a wrong password, never a 500
  }
}

let dummy: Promise<string> | undefined;
/** A real hash of nothing, verified when the e-mail is unknown so both paths take the same time. */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword('quintet-timing-equaliser');
  return dummy;
}
