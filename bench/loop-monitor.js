'use strict';
/**
 * Preloaded (`node -r`) into the platform process bench:http starts: the process's event-loop delay
 * over each measured window, asked for over the IPC channel (`loop-reset`, then `loop-report`,
 * answered with `{ loop: { p99, max } }` in milliseconds). A stall here holds back every request in
 * flight, whatever the store. Plain JavaScript: the platform runs compiled, as in production.
 */
const { monitorEventLoopDelay } = require('node:perf_hooks');

if (typeof process.send === 'function') {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  process.on('message', (message) => {
    if (message === 'loop-reset') loop.reset();
    if (message === 'loop-report') {
      process.send({ loop: { p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 } });
      loop.reset();
    }
  });
  // The channel alone must not keep the process alive, nor its closing end it: the platform's own shutdown does.
  process.channel.unref();
}
