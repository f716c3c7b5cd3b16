export {
  ACCEL_CLASS_SUFFIX,
  AccelError,
  AccelState,
  accelFind,
  accelHelp,
  accelNamesList,
  accelNew,
  QtestAccelState,
  TcgAccelState,
  type TcgBackend,
  TYPE_ACCEL,
  TYPE_QTEST_ACCEL,
  TYPE_TCG_ACCEL,
} from './accel.js';
export { QtestServer, type QtestServerOptions, type QtestTarget } from './qtest.js';
export { type AccelCPU, RoundRobinVcpuLoop, SliceResult, type VcpuLoopOptions } from './vcpu-loop.js';
