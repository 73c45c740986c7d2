/**
 * QR codes as SVG, from the `qr` package's module grid: deterministic (the same
 * text always gives the same bytes), dark modules on an opaque white
 * background with a quiet zone, crisp at any size.
 */
import encodeQR from 'qr';

/**
 * An SVG QR code of `text` (error correction `medium`, 4-module quiet zone),
 * with `title` as its accessible name. One `<path>` of horizontal runs.
 */
export function qrSvg(text: string, title: string): string {
  const grid = encodeQR(text, 'raw', { ecc: 'medium', border: 4 });
  const size = grid.length;
  let path = '';
  grid.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) {
      if (!row[x]) continue;
      let end = x;
      while (row[end + 1]) end++;
      path += `M${x} ${y}h${end - x + 1}v1h-${end - x + 1}z`;
      x = end;
    }
  });
  const escaped = title.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" width="${size * 8}" height="${size * 8}" shape-rendering="crispEdges" role="img">` +
    `<title>${escaped}</title><rect width="${size}" height="${size}" fill="#fff"/><path fill="#000" d="${path}"/></svg>`
  );
}
