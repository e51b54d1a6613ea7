// The part of `qrcode` the page uses: its encoder, without @types/qrcode (which pulls Node's types
// into the renderer's project).
declare module 'qrcode/lib/core/qrcode' {
  export interface BitMatrix {
    size: number;
    get(row: number, column: number): number | boolean;
  }
  export function create(text: string, options?: { errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H' }): { modules: BitMatrix };
}
