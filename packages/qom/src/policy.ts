// -compat policy for properties: deprecated/unstable properties rejected as input or hidden
// from listings on request, as QEMU's -compat does for QAPI members.
import {
  type CompatPolicy,
  checkPolicyInput,
  DEFAULT_COMPAT_POLICY,
  policyOutputOk,
  SPECIAL_DEPRECATED,
  SPECIAL_UNSTABLE,
} from '@tsemu/qapi';
import type { ObjectProperty } from './property.js';

let policy: CompatPolicy = DEFAULT_COMPAT_POLICY;

/** Sets the policy qom-set, -object, -device and the listings apply (QEMU's -compat). */
export function qomSetCompatPolicy(p: CompatPolicy): void {
  policy = p;
}

export function qomCompatPolicy(): CompatPolicy {
  return policy;
}

function special(p: ObjectProperty): number {
  return (p.features?.deprecated ? SPECIAL_DEPRECATED : 0) | (p.features?.unstable ? SPECIAL_UNSTABLE : 0);
}

/** Throws "Deprecated property x disabled by policy" when input to p is refused. */
export function checkPropertyInputPolicy(p: ObjectProperty): void {
  const s = special(p);
  if (s) checkPolicyInput(s, policy, 'GenericError', 'property', p.name);
}

/** Whether listings show p. */
export function propertyOutputOk(p: ObjectProperty): boolean {
  const s = special(p);
  return !s || policyOutputOk(s, policy);
}
