// Real image files for browser tests, drawn and encoded by Chromium itself (canvas → JPEG or PNG), with noise so
// they compress like photos of paper rather than flat colour.
import type { Page } from 'playwright-core';

export interface MadeImage {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

export async function makeImage(
  page: Page,
  spec: { name: string; width: number; height: number; type: 'image/jpeg' | 'image/png'; label: string },
): Promise<MadeImage> {
  const base64 = await page.evaluate(async ({ width, height, type, label }) => {
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
    const gradient = context.createLinearGradient(0, 0, width, height);
    gradient.addColorStop(0, '#f4f1e8');
    gradient.addColorStop(1, '#d9d4c5');
    context.fillStyle = gradient;
    context.fillRect(0, 0, width, height);
    // Lines of "handwriting" and speckle, like a photographed form.
    context.fillStyle = '#1d2a44';
    context.font = `${Math.round(height / 12)}px sans-serif`;
    context.fillText(label, width * 0.08, height * 0.2);
    const image = context.getImageData(0, 0, width, height);
    let seed = 42;
    for (let i = 0; i < image.data.length; i += 4) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const noise = (seed % 41) - 20;
      image.data[i] = Math.max(0, Math.min(255, (image.data[i] as number) + noise));
      image.data[i + 1] = Math.max(0, Math.min(255, (image.data[i + 1] as number) + noise));
      image.data[i + 2] = Math.max(0, Math.min(255, (image.data[i + 2] as number) + noise));
    }
    context.putImageData(image, 0, 0);
    context.fillText(label, width * 0.08, height * 0.2);
    for (let y = 0.3; y < 0.95; y += 0.06)
      context.fillRect(width * 0.08, height * y, width * 0.8, Math.max(2, height / 400));
    const blob = await canvas.convertToBlob({ type, quality: 0.92 });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000)
      binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(binary);
  }, spec);
  return { name: spec.name, mimeType: spec.type, buffer: Buffer.from(base64, 'base64') };
}
