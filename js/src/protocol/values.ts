// Checks of untrusted values, shared by every parser of data that crosses a boundary: messages
// between windows (frames.ts), custom messages from the kernel (widget_messages.ts) and the hub's
// JSON (viewer/config.ts).

/** A plain object (not null, not an array): something whose fields can be read by name. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A number that is neither NaN nor infinite. */
export function finite(value: unknown): value is number {
  return Number.isFinite(value);
}

/** Whether `record` has `key` of its own (not one every object inherits, such as "toString"). */
export function hasOwn(record: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, key);
}
