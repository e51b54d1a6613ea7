import { useEffect, useRef, type JSX } from 'react';
import { create } from 'qrcode/lib/core/qrcode';

/** Modules per side of the quiet zone (ISO/IEC 18004 asks for 4). */
const QUIET_ZONE = 4;
const MODULE_PX = 4;

/**
 * A QR code drawn on a canvas in the page: the ticket URL never leaves the page for an image service,
 * and the canvas needs nothing from the CSP.
 */
export function QrCanvas({ text, label }: { text: string; label: string }): JSX.Element {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const element = canvas.current;
    const context = element?.getContext('2d');
    if (!element || !context) return;
    const { modules } = create(text, { errorCorrectionLevel: 'M' });
    const side = (modules.size + QUIET_ZONE * 2) * MODULE_PX;
    element.width = side;
    element.height = side;
    // Dark on white whatever the theme: scanners expect it.
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, side, side);
    context.fillStyle = '#000000';
    for (let row = 0; row < modules.size; row++) {
      for (let column = 0; column < modules.size; column++) {
        if (modules.get(row, column)) context.fillRect((column + QUIET_ZONE) * MODULE_PX, (row + QUIET_ZONE) * MODULE_PX, MODULE_PX, MODULE_PX);
      }
    }
  }, [text]);
  return <canvas ref={canvas} className="admin-qr" role="img" aria-label={label} />;
}
