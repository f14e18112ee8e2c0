/** `k6/timers`: the event-loop timers, as k6 exposes them. */
export const timersModule = (): Record<string, unknown> => {
  const api = { setTimeout, clearTimeout, setInterval, clearInterval };
  return { ...api, default: api };
};
