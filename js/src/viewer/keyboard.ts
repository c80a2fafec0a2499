// Keyboard control of the camera: + / - zoom, arrow keys pan, 0 resets. Pure, so it is tested
// without a browser; main.ts applies the commands to sigma's camera.

export interface CameraLike {
  readonly x: number;
  readonly y: number;
  readonly ratio: number;
  readonly angle: number;
}

export type CameraCommand =
  | { readonly kind: "zoom"; readonly factor: number }
  | { readonly kind: "pan"; readonly dx: number; readonly dy: number }
  | { readonly kind: "reset" };

/** How far one key press moves: a fraction of what is on screen, so it feels the same at any zoom. */
export const PAN_STEP = 0.1;
export const ZOOM_FACTOR = 1.5;

export const KEYBOARD_HELP =
  "Drag to pan, scroll to zoom, hover or click for details. Keys: + and − zoom, arrow keys pan, 0 resets, Esc clears the selection.";

/** The command for a `KeyboardEvent.key`, or null when the key is not ours. */
export function commandForKey(key: string): CameraCommand | null {
  switch (key) {
    case "+":
    case "=": // the unshifted "+" key on most layouts
    case "Add":
      return { kind: "zoom", factor: ZOOM_FACTOR };
    case "-":
    case "_":
    case "Subtract":
      return { kind: "zoom", factor: 1 / ZOOM_FACTOR };
    case "ArrowLeft":
      return { kind: "pan", dx: -PAN_STEP, dy: 0 };
    case "ArrowRight":
      return { kind: "pan", dx: PAN_STEP, dy: 0 };
    // sigma's graph y axis points up: moving the view up raises the camera's y.
    case "ArrowUp":
      return { kind: "pan", dx: 0, dy: PAN_STEP };
    case "ArrowDown":
      return { kind: "pan", dx: 0, dy: -PAN_STEP };
    case "0":
      return { kind: "reset" };
    default:
      return null;
  }
}

/** The camera state after a zoom or pan command (reset is the camera's own business). */
export function applyCommand(
  camera: CameraLike,
  command: Exclude<CameraCommand, { kind: "reset" }>,
): { x: number; y: number; ratio: number } {
  if (command.kind === "zoom") {
    return { x: camera.x, y: camera.y, ratio: camera.ratio / command.factor };
  }
  // Pan in screen directions even when the camera is rotated.
  const cos = Math.cos(camera.angle);
  const sin = Math.sin(camera.angle);
  const dx = (command.dx * cos - command.dy * sin) * camera.ratio;
  const dy = (command.dx * sin + command.dy * cos) * camera.ratio;
  return { x: camera.x + dx, y: camera.y + dy, ratio: camera.ratio };
}
