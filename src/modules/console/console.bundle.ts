import { createHash } from 'node:crypto';
import { projectPath } from '../../platform/paths.js';

/** One built asset of the console, with the ETag it is served under. */
export interface ConsoleAsset {
  body: Buffer;
  etag: string;
}

export interface ConsoleBundle {
  js: ConsoleAsset;
  css: ConsoleAsset;
}

const asset = (contents: Uint8Array): ConsoleAsset => {
  const body = Buffer.from(contents);
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
};

/**
 * Bundles console/src with esbuild in memory: `npm start` needs no build step. About a second of
 * CPU, done once per process on the first request and kept (a failed build is retried next time).
 */
export async function buildConsoleBundle(): Promise<ConsoleBundle> {
  // Loaded with the first console request, not with the server (CONTRIBUTING: libraries only some routes use).
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: { app: projectPath('console', 'src', 'main.tsx') },
    bundle: true,
    write: false,
    outdir: projectPath('console', 'out'),
    format: 'esm',
    target: 'es2020',
    jsx: 'automatic',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const find = (suffix: string) => {
    const file = result.outputFiles.find((f) => f.path.endsWith(suffix));
    if (!file) throw new Error(`console bundle has no ${suffix}`);
    return asset(file.contents);
  };
  return { js: find('.js'), css: find('.css') };
}

let cached: Promise<ConsoleBundle> | undefined;

export function consoleBundle(): Promise<ConsoleBundle> {
  cached ??= buildConsoleBundle().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}
