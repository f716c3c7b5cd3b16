/** Events a backend delivers to its front end, in QEMU's QEMUChrEvent order. */
export enum ChrEvent {
  /** a serial break */
  BREAK = 0,
  /** a connection was established (or the backend is ready) */
  OPENED = 1,
  /** a mux gave this front end the focus */
  MUX_IN = 2,
  /** a mux is moving the focus away from this front end */
  MUX_OUT = 3,
  /** the connection went away */
  CLOSED = 4,
}
