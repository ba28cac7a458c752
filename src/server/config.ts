// Reads the server's settings from the environment.
import { resolve } from 'node:path';

export interface ServerConfig {
  host: string;
  port: number;
  databaseUrl: string | undefined;
  dataDir: string;
  distDir: string;
  bootstrapAdmin: string | undefined;
  tokenTtlMs: number;
  /** Where to write a CPU profile of the server at shutdown (benchmarks); unset: no profiling. */
  cpuProfileFile: string | undefined;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT is not a port number: ${env.PORT}`);
  const ttlHours = Number(env.TOKEN_TTL_HOURS ?? 7 * 24);
  return {
    host: env.HOST ?? '127.0.0.1',
    port,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.DATA_DIR ?? './data'),
    distDir: resolve(env.DIST_DIR ?? './dist'),
    bootstrapAdmin: env.ANCHOR_BOOTSTRAP_ADMIN || undefined,
    tokenTtlMs: ttlHours * 60 * 60 * 1000,
    cpuProfileFile: env.ANCHOR_CPU_PROFILE || undefined,
  };
}
