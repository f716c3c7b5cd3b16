// QEMU's -compat option (qapi/compat.json): what to do with deprecated and unstable interfaces.
import { SPECIAL_DEPRECATED, SPECIAL_UNSTABLE } from './descriptors.js';
import { type ErrorClass, QapiError } from './error.js';

export type CompatPolicyInput = 'accept' | 'reject' | 'crash';
export type CompatPolicyOutput = 'accept' | 'hide';

export interface CompatPolicy {
  readonly deprecatedInput?: CompatPolicyInput;
  readonly deprecatedOutput?: CompatPolicyOutput;
  readonly unstableInput?: CompatPolicyInput;
  readonly unstableOutput?: CompatPolicyOutput;
  /** Called for policy `crash`; QEMU aborts, and so does the default. */
  readonly crash?: (what: string) => never;
}

/** Everything accepted, nothing hidden: QEMU's default. */
export const DEFAULT_COMPAT_POLICY: CompatPolicy = Object.freeze({});

/** Parses `-compat` values as QEMU spells them: `deprecated-input=reject,unstable-output=hide`. */
export function compatPolicyFromOptions(opts: Readonly<Record<string, string>>): CompatPolicy {
  const input = (key: string): CompatPolicyInput | undefined => {
    const v = opts[key];
    if (v === undefined) return undefined;
    if (v === 'accept' || v === 'reject' || v === 'crash') return v;
    throw new QapiError(`Parameter '${key}' does not accept value '${v}'`);
  };
  const output = (key: string): CompatPolicyOutput | undefined => {
    const v = opts[key];
    if (v === undefined) return undefined;
    if (v === 'accept' || v === 'hide') return v;
    throw new QapiError(`Parameter '${key}' does not accept value '${v}'`);
  };
  for (const key of Object.keys(opts))
    if (!['deprecated-input', 'deprecated-output', 'unstable-input', 'unstable-output'].includes(key))
      throw new QapiError(`Parameter '${key}' is unexpected`);
  return {
    deprecatedInput: input('deprecated-input'),
    deprecatedOutput: output('deprecated-output'),
    unstableInput: input('unstable-input'),
    unstableOutput: output('unstable-output'),
  };
}

function defaultCrash(what: string): never {
  process.stderr.write(`${what}: aborting as -compat policy 'crash' requires\n`);
  process.abort();
}

function inputOk1(
  adjective: string,
  policy: CompatPolicyInput | undefined,
  crash: ((what: string) => never) | undefined,
  errorClass: ErrorClass,
  kind: string,
  name: string,
): void {
  if (policy === undefined || policy === 'accept') return;
  if (policy === 'reject') throw new QapiError(`${adjective} ${kind} ${name} disabled by policy`, errorClass);
  (crash ?? defaultCrash)(`${adjective} ${kind} ${name}`);
}

/** QEMU's compat_policy_input_ok(): throws when the policy rejects input with these features. */
export function checkPolicyInput(
  special: number,
  policy: CompatPolicy,
  errorClass: ErrorClass,
  kind: string,
  name: string,
): void {
  if (special & SPECIAL_DEPRECATED)
    inputOk1('Deprecated', policy.deprecatedInput, policy.crash, errorClass, kind, name);
  if (special & SPECIAL_UNSTABLE)
    inputOk1('Unstable', policy.unstableInput, policy.crash, errorClass, kind, name);
}

/** QEMU's compat_policy_output_ok(): false when output with these features is to be hidden. */
export function policyOutputOk(special: number, policy: CompatPolicy): boolean {
  if (special & SPECIAL_DEPRECATED && policy.deprecatedOutput === 'hide') return false;
  if (special & SPECIAL_UNSTABLE && policy.unstableOutput === 'hide') return false;
  return true;
}
