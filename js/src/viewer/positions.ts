// Deterministic initial positions: the same graph always starts from the same picture, and
// ForceAtlas2 then only has to untangle it.

const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

/**
 * The `index`-th point of a sunflower (Vogel) spiral: evenly spread over a disc without
 * randomness, unlike a circle it gives FA2 a start where no two nodes coincide or line up.
 */
export function spiralPosition(index: number): { x: number; y: number } {
  const radius = Math.sqrt(index + 0.5);
  const angle = index * GOLDEN_ANGLE;
  return { x: radius * Math.cos(angle), y: radius * Math.sin(angle) };
}
