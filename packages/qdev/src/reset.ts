// The Resettable interface: multi-phase reset with counting (hw/core/resettable.c, reset.rst).
import {
  type InterfaceClass,
  objectDynamicCast,
  objectGetClassAs,
  type QomObject,
  TYPE_INTERFACE,
  typeRegister,
} from '@tsemu/qom';

export const TYPE_RESETTABLE_INTERFACE = 'resettable';

export type ResetType = 'cold';
export const RESET_TYPE_COLD: ResetType = 'cold';

export interface ResettablePhases {
  enter?: (obj: QomObject, type: ResetType) => void;
  hold?: (obj: QomObject) => void;
  exit?: (obj: QomObject) => void;
}

export interface ResettableState {
  count: number;
  holdPhasePending: boolean;
  exitPhaseInProgress: boolean;
}

export function newResettableState(): ResettableState {
  return { count: 0, holdPhasePending: false, exitPhaseInProgress: false };
}

export interface ResettableClass extends InterfaceClass {
  phases: ResettablePhases;
  getState: (obj: QomObject) => ResettableState;
  /** The objects reset together with obj (a device's buses, a bus's devices). */
  childForeach?: (obj: QomObject, cb: (child: QomObject) => void, type: ResetType) => void;
  /** A legacy single reset function, run in the hold phase instead of the phases. */
  getTransitionalFunction?: (obj: QomObject) => ((obj: QomObject) => void) | undefined;
}

typeRegister({ name: TYPE_RESETTABLE_INTERFACE, parent: TYPE_INTERFACE });

function rcOf(obj: QomObject): ResettableClass {
  if (!objectDynamicCast(obj, TYPE_RESETTABLE_INTERFACE))
    throw new Error(`${obj.typename} is not resettable`);
  return objectGetClassAs<ResettableClass>(obj, TYPE_RESETTABLE_INTERFACE);
}

let enterPhaseInProgress = false;

function phaseEnter(obj: QomObject, type: ResetType) {
  const rc = rcOf(obj);
  const s = rc.getState(obj);
  if (s.exitPhaseInProgress) throw new Error('reset entered during its exit phase');
  const actionNeeded = s.count++ === 0;
  // a cycle in the reset tree would loop forever
  if (s.count > 50) throw new Error('reset count overflow: cycle in the reset tree?');
  rc.childForeach?.(obj, (c) => phaseEnter(c, type), type);
  if (actionNeeded) {
    if (rc.phases.enter && !rc.getTransitionalFunction?.(obj)) rc.phases.enter(obj, type);
    s.holdPhasePending = true;
  }
}

function phaseHold(obj: QomObject, type: ResetType) {
  const rc = rcOf(obj);
  const s = rc.getState(obj);
  rc.childForeach?.(obj, (c) => phaseHold(c, type), type);
  if (s.holdPhasePending) {
    s.holdPhasePending = false;
    const tr = rc.getTransitionalFunction?.(obj);
    if (tr) tr(obj);
    else rc.phases.hold?.(obj);
  }
}

function phaseExit(obj: QomObject, type: ResetType) {
  const rc = rcOf(obj);
  const s = rc.getState(obj);
  if (s.exitPhaseInProgress) throw new Error('reset exit phase re-entered');
  s.exitPhaseInProgress = true;
  rc.childForeach?.(obj, (c) => phaseExit(c, type), type);
  if (s.count <= 0) throw new Error('reset released more times than asserted');
  if (--s.count === 0 && rc.phases.exit && !rc.getTransitionalFunction?.(obj)) rc.phases.exit(obj);
  s.exitPhaseInProgress = false;
}

/** resettable_assert_reset: enter then hold, for obj and everything below it. */
export function resettableAssertReset(obj: QomObject, type: ResetType = RESET_TYPE_COLD): void {
  if (enterPhaseInProgress) throw new Error('reset asserted during an enter phase');
  enterPhaseInProgress = true;
  try {
    phaseEnter(obj, type);
  } finally {
    enterPhaseInProgress = false;
  }
  phaseHold(obj, type);
}

/** resettable_release_reset: the exit phase, once the last controller releases. */
export function resettableReleaseReset(obj: QomObject, type: ResetType = RESET_TYPE_COLD): void {
  if (enterPhaseInProgress) throw new Error('reset released during an enter phase');
  phaseExit(obj, type);
}

/** resettable_reset: assert and release at once. */
export function resettableReset(obj: QomObject, type: ResetType = RESET_TYPE_COLD): void {
  resettableAssertReset(obj, type);
  resettableReleaseReset(obj, type);
}

export function resettableIsInReset(obj: QomObject): boolean {
  return rcOf(obj).getState(obj).count > 0;
}

/**
 * resettable_class_set_parent_phases: installs new phases, returning the parent's so the new
 * ones can chain to them.
 */
export function resettableClassSetParentPhases(
  rc: ResettableClass,
  enter: ResettablePhases['enter'],
  hold: ResettablePhases['hold'],
  exit: ResettablePhases['exit'],
): ResettablePhases {
  const parent = { ...rc.phases };
  rc.phases = {
    enter: enter ?? parent.enter,
    hold: hold ?? parent.hold,
    exit: exit ?? parent.exit,
  };
  return parent;
}
