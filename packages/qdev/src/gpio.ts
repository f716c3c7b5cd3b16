// GPIO lines and IRQs (hw/core/irq.c, qdev's named GPIO lists).
import {
  OBJ_PROP_LINK_STRONG,
  objectNew,
  objectPropertyAddAlias,
  objectPropertyAddChild,
  objectPropertyAddLink,
  objectPropertyAllowSetLink,
  objectPropertySetLink,
  objectUnref,
  QomObject,
  TYPE_OBJECT,
  typeRegister,
} from '@tsemu/qom';
import { type DeviceState, type NamedGPIOList, qdevGetUnattached } from './core.js';

export const TYPE_IRQ = 'irq';

export type IRQHandler = (opaque: unknown, n: number, level: number) => void;

/** IRQState: one input line; whoever holds it raises or lowers it. */
export class IRQState extends QomObject {
  handler: IRQHandler | undefined;
  opaque: unknown;
  n = 0;
}

typeRegister({ name: TYPE_IRQ, parent: TYPE_OBJECT, instance: IRQState });

/** qemu_allocate_irq */
export function qemuAllocateIrq(handler: IRQHandler, opaque: unknown, n: number): IRQState {
  const irq = objectNew<IRQState>(TYPE_IRQ);
  irq.handler = handler;
  irq.opaque = opaque;
  irq.n = n;
  return irq;
}

/** qemu_set_irq: a missing line (not connected) is ignored. */
export function qemuSetIrq(irq: QomObject | undefined, level: number): void {
  const i = irq as IRQState | undefined;
  i?.handler?.(i.opaque, i.n, level);
}

export const qemuIrqRaise = (irq: QomObject | undefined) => qemuSetIrq(irq, 1);
export const qemuIrqLower = (irq: QomObject | undefined) => qemuSetIrq(irq, 0);
export function qemuIrqPulse(irq: QomObject | undefined): void {
  qemuSetIrq(irq, 1);
  qemuSetIrq(irq, 0);
}

/** qemu_irq_invert: a line that drives `irq` with the opposite level. */
export function qemuIrqInvert(irq: QomObject | undefined): IRQState {
  return qemuAllocateIrq((_o, _n, level) => qemuSetIrq(irq, level ? 0 : 1), undefined, 0);
}

function gpioList(dev: DeviceState, name: string | undefined): NamedGPIOList {
  let ngl = dev.gpios.find((g) => g.name === name);
  if (!ngl) {
    ngl = { name, in: [], numIn: 0, numOut: 0, out: [] };
    dev.gpios.unshift(ngl);
  }
  return ngl;
}

/** qdev_init_gpio_in_named: n input lines, children "<name>[i]" (default unnamed-gpio-in). */
export function qdevInitGpioInNamed(
  dev: DeviceState,
  handler: IRQHandler,
  name: string | undefined,
  n: number,
): void {
  const ngl = gpioList(dev, name);
  const propName = name ?? 'unnamed-gpio-in';
  for (let i = 0; i < n; i++) {
    const irq = qemuAllocateIrq(handler, dev, ngl.numIn + i);
    ngl.in.push(irq);
    objectPropertyAddChild(dev, `${propName}[*]`, irq);
    objectUnref(irq);
  }
  ngl.numIn += n;
}

export function qdevInitGpioIn(dev: DeviceState, handler: IRQHandler, n: number): void {
  qdevInitGpioInNamed(dev, handler, undefined, n);
}

/** qdev_init_gpio_out_named: n output lines, link<irq> properties "<name>[i]". */
export function qdevInitGpioOutNamed(dev: DeviceState, name: string | undefined, n: number): void {
  const ngl = gpioList(dev, name);
  const propName = name ?? 'unnamed-gpio-out';
  for (let i = 0; i < n; i++) {
    const idx = ngl.out.length;
    ngl.out.push(undefined);
    objectPropertyAddLink(
      dev,
      `${propName}[*]`,
      TYPE_IRQ,
      { get: () => ngl.out[idx], set: (_o, t) => (ngl.out[idx] = t) },
      objectPropertyAllowSetLink,
      OBJ_PROP_LINK_STRONG,
    );
  }
  ngl.numOut += n;
}

export function qdevInitGpioOut(dev: DeviceState, n: number): void {
  qdevInitGpioOutNamed(dev, undefined, n);
}

/** qdev_get_gpio_in_named */
export function qdevGetGpioInNamed(dev: DeviceState, name: string | undefined, n: number): IRQState {
  const ngl = dev.gpios.find((g) => g.name === name);
  const irq = ngl?.in[n];
  if (!irq) throw new Error(`${dev.typename} has no gpio-in ${name ?? ''}[${n}]`);
  return irq as IRQState;
}

export const qdevGetGpioIn = (dev: DeviceState, n: number) => qdevGetGpioInNamed(dev, undefined, n);

/** The line an output is connected to (qdev_get_gpio_out_connector). */
export function qdevGetGpioOutConnector(
  dev: DeviceState,
  name: string | undefined,
  n: number,
): QomObject | undefined {
  return dev.gpios.find((g) => g.name === name)?.out[n];
}

/**
 * qdev_connect_gpio_out_named: output n drives input_pin. A pin outside the tree is first put
 * under /machine/unattached/non-qdev-gpio[*], since links are set by path.
 */
export function qdevConnectGpioOutNamed(
  dev: DeviceState,
  name: string | undefined,
  n: number,
  inputPin: QomObject | undefined,
): void {
  const propName = `${name ?? 'unnamed-gpio-out'}[${n}]`;
  if (inputPin && !inputPin.parent) objectPropertyAddChild(qdevGetUnattached(), 'non-qdev-gpio[*]', inputPin);
  objectPropertySetLink(dev, propName, inputPin);
}

export function qdevConnectGpioOut(dev: DeviceState, n: number, inputPin: QomObject | undefined): void {
  qdevConnectGpioOutNamed(dev, undefined, n, inputPin);
}

/** Raises/lowers a device's own output line. */
export function qdevSetGpioOut(dev: DeviceState, name: string | undefined, n: number, level: number): void {
  qemuSetIrq(qdevGetGpioOutConnector(dev, name, n), level);
}

/**
 * qdev_pass_gpios: container takes over dev's GPIO list `name` (aliases "<name>[i]" to dev's
 * lines), so boards wire the container as if it had them.
 */
export function qdevPassGpios(dev: DeviceState, container: DeviceState, name: string | undefined): void {
  const i = dev.gpios.findIndex((g) => g.name === name);
  if (i < 0) throw new Error(`${dev.typename} has no gpio list ${name ?? '(unnamed)'}`);
  const ngl = dev.gpios[i];
  for (let n = 0; n < ngl.numIn; n++) {
    const prop = `${name ?? 'unnamed-gpio-in'}[${n}]`;
    objectPropertyAddAlias(container, prop, dev, prop);
  }
  for (let n = 0; n < ngl.numOut; n++) {
    const prop = `${name ?? 'unnamed-gpio-out'}[${n}]`;
    objectPropertyAddAlias(container, prop, dev, prop);
  }
  dev.gpios.splice(i, 1);
  container.gpios.unshift(ngl);
}
